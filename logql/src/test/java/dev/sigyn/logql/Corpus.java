package dev.sigyn.logql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The conformance corpus (real Loki answers on a dataset), copied into the test resources. */
public final class Corpus {
    private static Object cases;
    private static Object dataset;

    private Corpus() {
    }

    /** All cases: maps with "id", "tenant", "path", "params" (map), "expect" (map). */
    @SuppressWarnings("unchecked")
    public static synchronized List<Map<String, Object>> cases() {
        if (cases == null) cases = read("/conformance/cases.json");
        return (List<Map<String, Object>>) cases;
    }

    /** The dataset: "tenants" maps a tenant to a list of {"stream": {labels}, "values": [[ts, line], ...]}. */
    @SuppressWarnings("unchecked")
    public static synchronized Map<String, Object> dataset() {
        if (dataset == null) dataset = read("/conformance/dataset.json");
        return (Map<String, Object>) dataset;
    }

    private static Object read(String resource) {
        try (InputStream in = Corpus.class.getResourceAsStream(resource);
             JsonParser p = new JsonFactory().createParser(in)) {
            p.nextToken();
            return value(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(value(p));
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
