package dev.sigyn.logql.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code | json}: every scalar field of a JSON object becomes a label. Nested objects are flattened with '_'
 * ({@code {"a":{"b":1}}} gives {@code a_b="1"}), arrays and nulls are skipped, names are sanitised, and a name the
 * stream already has gets {@code _extracted}. A malformed line keeps the fields read before the fault and gets
 * {@code __error__=JSONParserErr}.
 */
final class JsonParser implements Stage {
    private final Set<String> needed;
    private final KeyCache<ExtractedName> topLevelNames;
    private final KeyCache<ExtractedName> nestedNames;
    /** Whether some needed label may lie below a nested object, by its flattened prefix. */
    private final KeyCache<Boolean> neededPrefixes;
    private final LabelNames.ByteBuilder prefix = new LabelNames.ByteBuilder();
    private final JsonScanner.FieldVisitor visitor = this::field;
    private LabelsBuilder labels;

    /** @param needed the labels the query uses, or null to extract all */
    JsonParser(Set<String> needed) {
        this.needed = needed;
        this.topLevelNames = new KeyCache<>((b, from, to) -> ExtractedName.of(NameCache.SANITIZED.name(b, from, to), needed));
        this.nestedNames = new KeyCache<>((b, from, to) ->
                ExtractedName.of(new String(b, from, to - from, StandardCharsets.UTF_8), needed));
        this.neededPrefixes = new KeyCache<>((b, from, to) ->
                LabelNames.neededPrefix(needed, new String(b, from, to - from, StandardCharsets.UTF_8)));
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
        return needed == null || neededPrefixes.get(prefix.bytes(), 0, prefix.length());
    }

    private void scalar(byte[] keyBuf, int keyStart, int keyEnd, byte[] buf, int valueStart, int valueEnd,
                        JsonScanner.Type type) {
        ExtractedName extracted;
        if (prefix.length() == 0) {
            extracted = topLevelNames.get(keyBuf, keyStart, keyEnd);
        } else {
            int saved = prefix.length();
            prefix.append((byte) '_');
            LabelNames.appendSanitized(prefix, keyBuf, keyStart, keyEnd);
            extracted = nestedNames.get(prefix.bytes(), 0, prefix.length());
            prefix.setLength(saved);
        }
        String name = extracted.resolve(labels);
        if (name == null) return;
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
