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
        return print(config, "");
    }

    /**
     * One tenant's limits as Loki's {@code /config/tenant/v1/limits} prints them: the {@code limits_config} keys at
     * the top level.
     */
    public static String limitsToYaml(LimitsConfig limits) {
        return print(SigynConfig.defaults().withLimits(limits), LIMITS_BLOCK);
    }

    private static final String LIMITS_BLOCK = "limits_config";

    /** The settings inside {@code block} ("" for all), with the block's own path left out. */
    private static String print(SigynConfig config, String block) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> entry : Settings.valuesOf(config).entrySet()) {
            Setting setting = Settings.byPath(entry.getKey()).orElseThrow();
            if (!block.isEmpty() && !setting.parent().equals(block)) continue;
            String parent = block.isEmpty() ? setting.parent() : "";
            ObjectNode node = root;
            for (String part : parent.isEmpty() ? new String[0] : parent.split("\\.")) {
                ObjectNode child = (ObjectNode) node.get(part);
                node = child != null ? child : node.putObject(part);
            }
            put(node, setting.key(), setting.kind().toYamlValue(entry.getValue()));
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
