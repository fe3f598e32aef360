package dev.sigyn.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JSON answers (query responses) as plain maps, lists, strings, numbers and booleans. */
final class JsonTree {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonTree() {}

    static Object parse(byte[] body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            return value(p, p.nextToken());
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) throw new IOException("empty JSON");
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) l.add(value(p, next));
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected JSON token " + t);
        };
    }

    /** The value at a path of object keys, or null. */
    static Object at(Object tree, String... path) {
        Object o = tree;
        for (String key : path) {
            if (!(o instanceof Map<?, ?> m)) return null;
            o = m.get(key);
        }
        return o;
    }
}
