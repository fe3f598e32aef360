package dev.sigyn.querier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code detected_fields}: the JSON path ({@code ["user","id"]}) behind each label {@code | json} extracts from a
 * line ({@code user_id}), so that Grafana can build {@code | json user_id="user.id"}. Names follow {@code | json}:
 * keys sanitised and joined with '_', {@code _extracted} when the stream has the name.
 */
final class JsonPaths {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonPaths() {}

    /** Label name → path of every scalar field of a JSON object line; what could be read when it is malformed. */
    static Map<String, List<String>> of(String line, Labels stream) {
        Map<String, List<String>> out = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() == JsonToken.START_OBJECT) walk(p, new ArrayList<>(), stream, out);
        } catch (IOException e) {
            // a malformed line: | json flags it with an error and nothing is reported for it anyway
        }
        return out;
    }

    private static void walk(JsonParser p, List<String> path, Labels stream, Map<String, List<String>> out)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            path.add(key);
            switch (value) {
                case START_OBJECT -> walk(p, path, stream, out);
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                    String name = labelName(path);
                    if (!name.isEmpty()) {
                        String v = stream.get(name);
                        out.put(v != null && !v.isEmpty() ? name + "_extracted" : name, List.copyOf(path));
                    }
                }
                default -> p.skipChildren(); // arrays and nulls give no label
            }
            path.removeLast();
        }
    }

    /** Loki's flattened name: blank keys skipped, each key sanitised, '_' between, '_' before a leading digit. */
    static String labelName(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String part : path) {
            String key = part.strip();
            if (key.isEmpty()) continue;
            if (!sb.isEmpty()) sb.append('_');
            else if (key.charAt(0) >= '0' && key.charAt(0) <= '9') sb.append('_');
            key.codePoints().forEach(cp -> sb.append(isNameChar(cp) ? (char) cp : '_'));
        }
        return sb.toString();
    }

    private static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9');
    }
}
