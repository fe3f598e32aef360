package dev.sigyn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loki's runtime configuration file: {@code overrides: {tenant: {limits_config key: value}}}. Each tenant's block
 * takes the keys and values {@code limits_config} takes, checked the same way; keys it leaves out keep the
 * configuration's {@code limits_config} value, as in Loki. Loki's other blocks ({@code configs},
 * {@code multi_kv_config}) are accepted and ignored; anything else is an error, so that a typo never passes silently.
 *
 * @param limits   every overridden tenant's whole limits
 * @param warnings keys that were ignored, for the log
 */
record OverridesFile(Map<String, LimitsConfig> limits, List<String> warnings) {
    private static final List<String> LOKI_ONLY_BLOCKS = List.of("configs", "multi_kv_config");

    OverridesFile {
        limits = Map.copyOf(limits);
        warnings = List.copyOf(warnings);
    }

    /** Reads {@code yaml} over {@code base}, the configuration whose {@code limits_config} tenants start from. */
    static OverridesFile parse(String yaml, String source, SigynConfig base) throws ConfigException {
        JsonNode root = YamlSettingsReader.parse(yaml, source);
        Map<String, LimitsConfig> limits = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) return new OverridesFile(limits, warnings);
        if (!root.isObject()) throw new ConfigException(source + ": expected a mapping with an overrides block");
        for (Map.Entry<String, JsonNode> block : root.properties()) {
            if (LOKI_ONLY_BLOCKS.contains(block.getKey())) {
                warnings.add(source + ": " + block.getKey()
                        + " is a Loki block that Sigyn does not use; it is ignored");
            } else if (!block.getKey().equals("overrides")) {
                throw new ConfigException(source + ": unknown key " + block.getKey() + " (expected overrides)");
            }
        }
        JsonNode overrides = root.path("overrides");
        if (overrides.isMissingNode() || overrides.isNull()) return new OverridesFile(limits, warnings);
        if (!overrides.isObject()) throw new ConfigException(source + ": overrides: expected a block of tenants");
        Map<String, Object> defaults = Settings.valuesOf(base);
        for (Map.Entry<String, JsonNode> tenant : overrides.properties()) {
            String where = source + ": overrides." + tenant.getKey();
            String problem = Tenants.problem(tenant.getKey());
            if (problem != null) throw new ConfigException(where + ": " + problem);
            if (tenant.getValue().isNull()) continue; // "acme:" with nothing under it overrides nothing, as in Loki
            if (!tenant.getValue().isObject()) throw new ConfigException(where + ": expected a block of limits");
            ObjectNode asConfig = JsonNodeFactory.instance.objectNode();
            asConfig.set("limits_config", tenant.getValue());
            YamlSettingsReader.Result read = YamlSettingsReader.read(asConfig, where);
            Map<String, Object> values = new LinkedHashMap<>(defaults);
            values.putAll(read.values());
            limits.put(tenant.getKey(), Settings.build(values).limits());
            read.warnings().forEach(w -> warnings.add(where + ": " + w));
        }
        return new OverridesFile(limits, warnings);
    }
}
