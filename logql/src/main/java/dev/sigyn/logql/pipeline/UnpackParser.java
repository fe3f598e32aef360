package dev.sigyn.logql.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code | unpack}: reads a JSON object of strings written by Promtail's {@code pack} stage. The {@code _entry}
 * field replaces the line and the other string fields become labels; as in Loki, labels are only added when the
 * object holds an {@code _entry}. A line that is not an object gets {@code __error__=JSONParserErr}.
 */
final class UnpackParser implements Stage {
    static final String PACKED_ENTRY_KEY = "_entry";
    private static final String NOT_AN_OBJECT = "expecting json object(6), but it is not";

    private final Set<String> needed;
    private final List<String> pending = new ArrayList<>();
    private final JsonScanner.FieldVisitor visitor = this::field;
    private LabelsBuilder labels;
    private String entry;

    UnpackParser(Set<String> needed) {
        this.needed = needed;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (line.length() == 0) return true;
        if (line.bytes()[0] != '{') {
            labels.setError(ErrorNames.JSON_PARSER, NOT_AN_OBJECT);
            return true;
        }
        this.labels = labels;
        pending.clear();
        entry = null;
        try {
            JsonScanner.objectEach(line.bytes(), 0, line.length(), visitor);
        } catch (JsonScanner.SyntaxError e) {
            labels.setError(ErrorNames.JSON_PARSER, e.getMessage());
            return true;
        }
        if (entry != null) {
            for (int i = 0; i < pending.size(); i += 2) labels.set(pending.get(i), pending.get(i + 1));
            line.set(entry);
        }
        return true;
    }

    private void field(byte[] buf, int keyStart, int keyEnd, boolean keyEscaped, int valueStart, int valueEnd,
                       JsonScanner.Type type) throws JsonScanner.SyntaxError {
        if (type != JsonScanner.Type.STRING) return;
        String key = JsonScanner.unescape(buf, keyStart, keyEnd);
        if (key.equals(PACKED_ENTRY_KEY)) {
            entry = JsonScanner.unescape(buf, valueStart, valueEnd);
            if (entry == null) throw new JsonScanner.SyntaxError(JsonScanner.MALFORMED_STRING_ESCAPE);
            return;
        }
        String name = labels.clashes(key) ? key + LabelsBuilder.DUPLICATE_SUFFIX : key;
        if (!LabelNames.needed(needed, name)) return;
        pending.add(LabelNames.sanitize(name));
        pending.add(JsonScanner.labelValue(buf, valueStart, valueEnd));
    }
}
