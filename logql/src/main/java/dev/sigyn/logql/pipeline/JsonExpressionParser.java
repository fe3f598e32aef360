package dev.sigyn.logql.pipeline;

import java.util.List;

/**
 * {@code | json name="a.b[0]", ...}: extracts only the given paths. A path that is missing gives an empty label;
 * a line that cannot start a JSON value gets {@code __error__=JSONParserErr}.
 */
final class JsonExpressionParser implements Stage {
    private final String[] labelNames;
    private final List<List<Object>> paths;

    JsonExpressionParser(List<Extraction> extractions) {
        if (extractions.isEmpty()) throw new IllegalArgumentException("no json expression provided");
        labelNames = new String[extractions.size()];
        paths = new java.util.ArrayList<>();
        for (int i = 0; i < extractions.size(); i++) {
            Extraction e = extractions.get(i);
            if (!LabelNames.isValid(e.label())) {
                throw new IllegalArgumentException("invalid extracted label name '" + e.label() + "'");
            }
            labelNames[i] = e.label();
            paths.add(JsonPath.parse(e.expression()));
        }
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (line.length() == 0) return true;
        byte first = line.bytes()[0];
        if (first != '{' && first != '[' && first != '"') {
            labels.setError(ErrorNames.JSON_PARSER);
            return true;
        }
        for (int i = 0; i < labelNames.length; i++) {
            String value = JsonPath.find(line.bytes(), 0, line.length(), paths.get(i));
            String name = labelNames[i];
            if (value != null) {
                labels.set(LabelNames.deduplicate(name, labels), value);
            } else if (labels.get(name) == null) {
                labels.set(name, "");
            }
        }
        return true;
    }
}
