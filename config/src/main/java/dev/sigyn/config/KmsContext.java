package dev.sigyn.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loki's {@code sse.kms_encryption_context}: a JSON object whose values are strings, or empty for none. */
public final class KmsContext {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KmsContext() {}

    /** The pairs of {@code text}, in order; throws IllegalArgumentException when it is not a JSON object of strings. */
    public static Map<String, String> parse(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (text.isBlank()) return pairs;
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getValue().isTextual()) throw new IllegalArgumentException(field.getKey() + " is not a string");
            pairs.put(field.getKey(), field.getValue().asText());
        }
        return pairs;
    }
}
