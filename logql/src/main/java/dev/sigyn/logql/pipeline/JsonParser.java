package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code | json}: every scalar field of a JSON object becomes a label. Nested objects are flattened with '_'
 * ({@code {"a":{"b":1}}} gives {@code a_b="1"}), arrays and nulls are skipped, names are sanitised, and a name the
 * stream already has gets {@code _extracted}. A malformed line keeps the fields read before the fault and gets
 * {@code __error__=JSONParserErr}.
 */
final class JsonParser implements Stage {
    private final Set<String> needed;
    private final Map<String, String> suffixed = new HashMap<>();
    private final NameCache topLevelNames = new NameCache();
    private final NameCache nestedNames = new NameCache();
    private final LabelNames.ByteBuilder prefix = new LabelNames.ByteBuilder();
    private final JsonScanner.FieldVisitor visitor = this::field;
    private LabelsBuilder labels;

    /** @param needed the labels the query uses, or null to extract all */
    JsonParser(Set<String> needed) {
        this.needed = needed;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (needed != null && needed.isEmpty()) return true;
        this.labels = labels;
        prefix.setLength(0);
        try {
            JsonScanner.objectEach(line.bytes(), 0, line.length(), visitor);
        } catch (JsonScanner.SyntaxError e) {
            labels.setError(ErrorNames.JSON_PARSER, e.getMessage());
        }
        return true;
    }

    private void field(byte[] buf, int keyStart, int keyEnd, boolean keyEscaped, int valueStart, int valueEnd,
                       JsonScanner.Type type) throws JsonScanner.SyntaxError {
        if (keyEscaped) {
            byte[] key = JsonScanner.unescape(buf, keyStart, keyEnd).getBytes(StandardCharsets.UTF_8);
            field(key, 0, key.length, buf, valueStart, valueEnd, type);
        } else {
            field(buf, keyStart, keyEnd, buf, valueStart, valueEnd, type);
        }
    }

    private void field(byte[] keyBuf, int keyStart, int keyEnd, byte[] buf, int valueStart, int valueEnd,
                       JsonScanner.Type type) throws JsonScanner.SyntaxError {
        switch (type) {
            case STRING, NUMBER, BOOLEAN -> scalar(keyBuf, keyStart, keyEnd, buf, valueStart, valueEnd, type);
            case OBJECT -> {
                int saved = prefix.length();
                if (enter(keyBuf, keyStart, keyEnd)) JsonScanner.objectEach(buf, valueStart, valueEnd, visitor);
                prefix.setLength(saved);
            }
            default -> {
                // arrays and nulls give no label
            }
        }
    }

    /** Extends the prefix with a nested object's key; false when no needed label can lie below it. */
    private boolean enter(byte[] keyBuf, int keyStart, int keyEnd) {
        if (prefix.length() != 0) prefix.append((byte) '_');
        LabelNames.appendSanitized(prefix, keyBuf, keyStart, keyEnd);
        return needed == null || LabelNames.neededPrefix(needed, prefix.toString());
    }

    private void scalar(byte[] keyBuf, int keyStart, int keyEnd, byte[] buf, int valueStart, int valueEnd,
                        JsonScanner.Type type) {
        String name;
        if (prefix.length() == 0) {
            name = topLevelNames.get(keyBuf, keyStart, keyEnd, NameCache.SANITIZED);
        } else {
            int saved = prefix.length();
            prefix.append((byte) '_');
            LabelNames.appendSanitized(prefix, keyBuf, keyStart, keyEnd);
            name = nestedNames.get(prefix.bytes(), 0, prefix.length(),
                    (b, from, to) -> new String(b, from, to - from, StandardCharsets.UTF_8));
            prefix.setLength(saved);
        }
        if (name.isEmpty()) return;
        name = LabelNames.deduplicate(name, labels, suffixed);
        if (!LabelNames.needed(needed, name)) return;
        labels.set(name, scalarValue(buf, valueStart, valueEnd, type));
    }

    static String scalarValue(byte[] buf, int from, int to, JsonScanner.Type type) {
        return switch (type) {
            case STRING -> JsonScanner.labelValue(buf, from, to);
            case BOOLEAN -> buf[from] == 't' ? "true" : "false";
            case NUMBER -> new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
            default -> "";
        };
    }
}
