package dev.sigyn.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.Map;

/**
 * Prints a configuration as YAML with Loki's key names and value formats (what {@code /config} answers): durations
 * as Loki prints them ("30m0s" for Go durations, "1w" for Prometheus ones), byte sizes as ints or "256KB" following
 * the key's type in Loki. Loading the printed text gives the same configuration back.
 */
public final class ConfigYaml {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ConfigYaml() {}

    public static String toYaml(SigynConfig config) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> entry : Settings.valuesOf(config).entrySet()) {
            Setting setting = Settings.byPath(entry.getKey()).orElseThrow();
            ObjectNode block = root;
            for (String part : setting.parent().isEmpty() ? new String[0] : setting.parent().split("\\.")) {
                ObjectNode child = (ObjectNode) block.get(part);
                block = child != null ? child : block.putObject(part);
            }
            put(block, setting.key(), setting.kind().toYamlValue(entry.getValue()));
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print configuration", e); // a tree of plain values always prints
        }
    }

    private static void put(ObjectNode block, String key, Object value) {
        switch (value) {
            case String s -> block.put(key, s);
            case Boolean b -> block.put(key, b);
            case Integer i -> block.put(key, i);
            case Long l -> block.put(key, l);
            case Double d -> block.put(key, d);
            case java.util.List<?> list -> block.set(key, YAML.valueToTree(list));
            case Duration d -> throw new IllegalStateException("unformatted duration for " + key + ": " + d);
            default -> throw new IllegalStateException("unexpected value for " + key + ": " + value);
        }
    }
}
