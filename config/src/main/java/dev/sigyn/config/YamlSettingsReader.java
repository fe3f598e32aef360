package dev.sigyn.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sigyn.format.Quoting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the settings out of a YAML configuration with Loki's key names. Keys Sigyn uses become values; keys Loki has
 * but Sigyn ignores become warnings; any other key, and any value that does not fit its key, is an error. All
 * problems of one file are reported together so that a user fixes them in one go.
 */
final class YamlSettingsReader {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** What a file said: values by YAML path, and warnings about keys that were ignored. */
    record Result(Map<String, Object> values, List<String> warnings) {}

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private YamlSettingsReader() {}

    /** Reads {@code yaml}; {@code source} names it in error messages (e.g. the file's path). */
    static Result read(String yaml, String source) throws ConfigException {
        return read(parse(yaml, source), source);
    }

    /** The YAML tree of {@code yaml}, duplicate keys refused; {@code source} names it in error messages. */
    static JsonNode parse(String yaml, String source) throws ConfigException {
        try {
            return YAML.readTree(yaml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(source + ": invalid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a parsed YAML document; {@code source} names it in error messages. */
    static Result read(JsonNode root, String source) throws ConfigException {
        YamlSettingsReader reader = new YamlSettingsReader();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) throw new ConfigException(source + ": expected a mapping of settings at the top level");
            reader.readBlock("", root);
        }
        if (!reader.errors.isEmpty()) throw new ConfigException(source + ": " + String.join("; ", reader.errors));
        return new Result(Map.copyOf(reader.values), List.copyOf(reader.warnings));
    }

    private void readBlock(String prefix, JsonNode block) {
        for (Map.Entry<String, JsonNode> field : block.properties()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            var setting = Settings.byPath(path);
            if (setting.isPresent()) {
                readSetting(setting.get(), value);
            } else if (Settings.isBlock(path)) {
                if (value.isObject()) readBlock(path, value);
                else if (!value.isNull()) errors.add(path + ": expected a block of settings, got " + describe(value));
            } else if (KnownKeys.isLokiOnly(path)) {
                warnings.add(path + " is a Loki setting that Sigyn does not use; it is ignored");
            } else {
                errors.add("unknown key " + path + KnownKeys.suggestionFor(path).map(s -> " (did you mean " + s + "?)")
                        .orElse(""));
            }
        }
    }

    private void readSetting(Setting setting, JsonNode value) {
        if (value.isNull()) return; // "key:" with nothing after it leaves the default, as in Loki
        if (setting.kind() == ValueKind.STRING_LIST && value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    errors.add(setting.path() + ": expected a list of strings, got an item that is " + describe(item));
                    return;
                }
                items.add(item.asText());
            }
            values.put(setting.path(), List.copyOf(items));
            return;
        }
        if (setting.kind() == ValueKind.RETENTION_STREAMS) {
            readRetentionStreams(setting, value);
            return;
        }
        if (setting.kind() == ValueKind.CREDENTIALS) {
            CredentialsReader.Read read = CredentialsReader.read(setting.path(), value);
            errors.addAll(read.errors());
            values.put(setting.path(), read.credentials());
            return;
        }
        if (setting.kind() == ValueKind.REDACTION_RULES) {
            readRedactionRules(setting, value);
            return;
        }
        if (!value.isValueNode()) {
            errors.add(setting.path() + ": expected a single value, got " + describe(value));
            return;
        }
        try {
            values.put(setting.path(), setting.parse(value.asText()));
        } catch (IllegalArgumentException e) {
            errors.add(setting.path() + ": invalid value " + Quoting.quote(value.asText()) + ": " + e.getMessage());
        }
    }

    private void readRetentionStreams(Setting setting, JsonNode value) {
        if (!value.isArray()) {
            errors.add(setting.path() + ": expected a list of {selector, priority, period} blocks, got " + describe(value));
            return;
        }
        List<RetentionStream> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode item : value) {
            String where = setting.path() + "[" + index++ + "]";
            if (!item.isObject()) {
                errors.add(where + ": expected a block with selector, priority and period, got " + describe(item));
                continue;
            }
            for (Map.Entry<String, JsonNode> f : item.properties()) {
                if (!List.of("selector", "priority", "period").contains(f.getKey())) {
                    errors.add(where + ": unknown key " + f.getKey() + " (expected selector, priority, period)");
                }
            }
            String selector = item.path("selector").asText("");
            if (selector.isBlank()) {
                errors.add(where + ": selector is required");
                continue;
            }
            try {
                int priority = item.has("priority") ? (Integer) ValueKind.INT.parse(item.get("priority").asText()) : 0;
                if (!item.has("period")) throw new IllegalArgumentException("period is required");
                java.time.Duration period = (java.time.Duration) ValueKind.PROMETHEUS_DURATION.parse(item.get("period").asText());
                rules.add(new RetentionStream(selector, priority, period));
            } catch (IllegalArgumentException e) {
                errors.add(where + ": " + e.getMessage());
            }
        }
        values.put(setting.path(), List.copyOf(rules));
    }

    private static final List<String> REDACTION_KEYS =
            List.of("builtin", "name", "pattern", "replacement", "action", "labels");

    private void readRedactionRules(Setting setting, JsonNode value) {
        if (!value.isArray()) {
            errors.add(setting.path() + ": expected a list of rules ({builtin} or {name, pattern}), got "
                    + describe(value));
            return;
        }
        List<RedactionRule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode item : value) {
            String where = setting.path() + "[" + index++ + "]";
            if (!item.isObject()) {
                errors.add(where + ": expected a block with builtin, or name and pattern, got " + describe(item));
                continue;
            }
            boolean bad = false;
            for (Map.Entry<String, JsonNode> f : item.properties()) {
                if (!REDACTION_KEYS.contains(f.getKey())) {
                    errors.add(where + ": unknown key " + f.getKey() + " (expected " + String.join(", ", REDACTION_KEYS)
                            + ")");
                    bad = true;
                } else if (!f.getValue().isValueNode() || f.getValue().isNull()) {
                    errors.add(where + "." + f.getKey() + ": expected a single value, got " + describe(f.getValue()));
                    bad = true;
                }
            }
            if (bad) continue;
            try {
                String action = item.path("action").asText("replace");
                if (!action.equals("replace") && !action.equals("hash")) {
                    throw new IllegalArgumentException("action must be replace or hash, was " + Quoting.quote(action));
                }
                boolean labels = item.has("labels") && (Boolean) ValueKind.BOOLEAN.parse(item.get("labels").asText());
                String name = item.path("name").asText("");
                rules.add(new RedactionRule(item.path("builtin").asText(""), name, item.path("pattern").asText(""),
                        item.path("replacement").asText(""),
                        action.equals("hash") ? RedactionRule.Action.HASH : RedactionRule.Action.REPLACE, labels));
            } catch (IllegalArgumentException e) {
                String named = item.has("name") ? " (" + item.get("name").asText() + ")"
                        : item.has("builtin") ? " (" + item.get("builtin").asText() + ")" : "";
                errors.add(where + named + ": " + e.getMessage());
            }
        }
        values.put(setting.path(), List.copyOf(rules));
    }

    static String describe(JsonNode value) {
        if (value.isObject()) return "a block";
        if (value.isArray()) return "a list";
        return "\"" + value.asText() + "\"";
    }
}
