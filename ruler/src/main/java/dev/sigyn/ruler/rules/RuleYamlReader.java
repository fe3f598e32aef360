package dev.sigyn.ruler.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes Prometheus' rule-file YAML: a namespace file ({@code groups: [...]}) or one group (the body of
 * {@code POST /loki/api/v1/rules/{namespace}}). Decoding checks shapes and durations only; {@link RuleValidator}
 * checks the rules. Files are read strictly (an unknown key is an error, as Loki's loader does); API bodies are not,
 * as Loki's API ignores keys it does not know (Grafana may send newer ones).
 */
public final class RuleYamlReader {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FILE_KEYS = Set.of("groups");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "limit", "rules");
    private static final Set<String> RULE_KEYS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    private final boolean strict;
    private final List<String> problems = new ArrayList<>();

    private RuleYamlReader(boolean strict) {
        this.strict = strict;
    }

    /** A namespace file's groups, decoded strictly and validated. */
    public static List<RuleGroup> namespaceFile(String yaml) throws InvalidRulesException {
        RuleYamlReader reader = new RuleYamlReader(true);
        JsonNode root = reader.tree(yaml);
        List<RuleNodes.GroupNode> groups = new ArrayList<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                reader.problems.add("a rule file must be a mapping with a 'groups' list");
            } else {
                reader.unknownKeys(root, FILE_KEYS, "the rule file");
                JsonNode list = root.path("groups");
                if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
                    reader.problems.add("'groups' must be a list");
                }
                int i = 0;
                for (JsonNode g : list.isArray() ? list : YAML.createArrayNode()) groups.add(reader.group(g, i++));
            }
        }
        reader.throwIfAny();
        return RuleValidator.check(groups);
    }

    /** One group as {@code POST /rules/{namespace}} sends it, decoded leniently and validated. */
    public static RuleGroup groupBody(String yaml) throws InvalidRulesException {
        RuleYamlReader reader = new RuleYamlReader(false);
        JsonNode root = reader.tree(yaml);
        RuleNodes.GroupNode group = null;
        if (root == null || root.isNull() || root.isMissingNode()) reader.problems.add("the body holds no rule group");
        else group = reader.group(root, 0);
        reader.throwIfAny();
        return RuleValidator.check(List.of(group)).getFirst();
    }

    private JsonNode tree(String yaml) throws InvalidRulesException {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidRulesException(InvalidRulesException.Kind.UNDECODABLE,
                    List.of("not YAML: " + e.getOriginalMessage()));
        }
    }

    private RuleNodes.GroupNode group(JsonNode node, int index) {
        String where = "group " + (index + 1);
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping of name, interval, limit and rules");
            return new RuleNodes.GroupNode("", Duration.ZERO, 0, List.of());
        }
        String name = scalar(node, "name", where);
        if (name != null && !name.isEmpty()) where = "group " + quote(name);
        unknownKeys(node, GROUP_KEYS, where);
        Duration interval = duration(node, "interval", where);
        int limit = 0;
        JsonNode l = node.get("limit");
        if (l != null && !l.isNull()) {
            if (l.canConvertToInt() && l.isIntegralNumber()) limit = l.intValue();
            else problems.add(where + ": 'limit' must be an integer");
        }
        List<RuleNodes.RuleNode> rules = new ArrayList<>();
        JsonNode list = node.get("rules");
        if (list != null && !list.isNull() && !list.isArray()) problems.add(where + ": 'rules' must be a list");
        if (list != null && list.isArray()) {
            int i = 0;
            for (JsonNode r : list) rules.add(rule(r, where + ", rule " + ++i));
        }
        return new RuleNodes.GroupNode(name == null ? "" : name, interval, limit, rules);
    }

    private RuleNodes.RuleNode rule(JsonNode node, String where) {
        if (!node.isObject()) {
            problems.add(where + ": must be a mapping with alert or record, and expr");
            return new RuleNodes.RuleNode("", "", "", Duration.ZERO, Duration.ZERO, Map.of(), Map.of());
        }
        String alert = scalar(node, "alert", where);
        String record = scalar(node, "record", where);
        String named = alert != null && !alert.isEmpty() ? alert : record;
        if (named != null && !named.isEmpty()) where = where + ", " + quote(named);
        unknownKeys(node, RULE_KEYS, where);
        String expr = scalar(node, "expr", where);
        Duration forDuration = duration(node, "for", where);
        Duration keepFiringFor = duration(node, "keep_firing_for", where);
        Map<String, String> labels = stringMap(node, "labels", where);
        Map<String, String> annotations = stringMap(node, "annotations", where);
        return new RuleNodes.RuleNode(orEmpty(record), orEmpty(alert), orEmpty(expr), forDuration, keepFiringFor,
                labels, annotations);
    }

    private String scalar(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isValueNode()) {
            problems.add(where + ": '" + key + "' must be a string");
            return null;
        }
        return v.asText();
    }

    private Duration duration(JsonNode node, String key, String where) {
        String text = scalar(node, key, where);
        if (text == null) return Duration.ZERO;
        try {
            return Duration.ofNanos(Durations.parsePrometheus(text));
        } catch (FormatException e) {
            problems.add(where + ": '" + key + "': " + e.getMessage());
            return Duration.ZERO;
        }
    }

    private Map<String, String> stringMap(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) {
            problems.add(where + ": '" + key + "' must be a mapping of names to strings");
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) problems.add(where + ": '" + key + "." + e.getKey() + "' must be a string");
            else map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return map;
    }

    private void unknownKeys(JsonNode node, Set<String> known, String where) {
        if (!strict) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) problems.add(where + ": unknown field '" + key + "'");
        }
    }

    private void throwIfAny() throws InvalidRulesException {
        if (!problems.isEmpty()) throw new InvalidRulesException(InvalidRulesException.Kind.UNDECODABLE, problems);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
