package dev.sigyn.ruler.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sigyn.format.Durations;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Prints groups as Prometheus' rulefmt marshals them (what Loki's API answers): keys in the order {@code name,
 * interval, limit, rules} and {@code record, alert, expr, for, keep_firing_for, labels, annotations}, absent when
 * empty or zero, durations in Prometheus' form, labels sorted. Whatever {@link RuleYamlReader} reads back equal.
 */
public final class RuleYamlWriter {
    private static final ObjectWriter YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build().writer();

    private RuleYamlWriter() {}

    /** A namespace file: {@code groups: [...]}. */
    public static String namespaceFile(List<RuleGroup> groups) {
        return write(Map.of("groups", groups.stream().map(RuleYamlWriter::tree).toList()));
    }

    /** One group, as {@code GET /rules/{namespace}/{group}} answers it. */
    public static String group(RuleGroup group) {
        return write(tree(group));
    }

    /** Namespaces to their groups, as {@code GET /rules} answers (namespaces in the map's order). */
    public static String namespaces(SortedMap<String, List<RuleGroup>> namespaces) {
        Map<String, Object> out = new LinkedHashMap<>();
        namespaces.forEach((ns, groups) -> out.put(ns, groups.stream().map(RuleYamlWriter::tree).toList()));
        return write(out);
    }

    private static Map<String, Object> tree(RuleGroup g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", g.name());
        putDuration(out, "interval", g.interval());
        if (g.limit() != 0) out.put("limit", g.limit());
        out.put("rules", g.rules().stream().map(RuleYamlWriter::rule).toList());
        return out;
    }

    private static Map<String, Object> rule(Rule rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (rule) {
            case RecordingRule r -> {
                out.put("record", r.record());
                out.put("expr", r.expr());
                putMap(out, "labels", r.labels());
            }
            case AlertingRule a -> {
                out.put("alert", a.alert());
                out.put("expr", a.expr());
                putDuration(out, "for", a.forDuration());
                putDuration(out, "keep_firing_for", a.keepFiringFor());
                putMap(out, "labels", a.labels());
                putMap(out, "annotations", a.annotations());
            }
        }
        return out;
    }

    private static void putDuration(Map<String, Object> out, String key, Duration d) {
        if (!d.isZero()) out.put(key, Durations.formatPrometheus(d.toNanos()));
    }

    private static void putMap(Map<String, Object> out, String key, Map<String, String> map) {
        if (!map.isEmpty()) out.put(key, map);
    }

    private static String write(Object tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
