package dev.sigyn.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which streams a request may read, per tenant (label-based access control): a tenant listed here shows the request
 * only its streams whose stored labels match at least one of the tenant's LogQL stream selectors; a tenant not listed
 * is unrestricted. It comes from the {@value #HEADER} header, a JSON object from tenant ID to a list of selector
 * strings. The header only ever narrows what a request sees, so it is honoured with or without authentication (a
 * gateway in front may set it; Sigyn's own authentication sets it and drops a client's). The selectors are kept as
 * text here: the querier parses them (this module knows no LogQL).
 *
 * @param selectors tenant ID to its selectors, sorted by tenant (so that {@link #toHeader} is canonical)
 */
public record StreamAccess(Map<String, List<String>> selectors) {
    public static final String HEADER = "X-Sigyn-Stream-Access";
    /** Every stream of every tenant. */
    public static final StreamAccess UNRESTRICTED = new StreamAccess(Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public StreamAccess {
        Map<String, List<String>> copy = new TreeMap<>();
        selectors.forEach((tenant, list) -> copy.put(tenant, List.copyOf(list)));
        selectors = java.util.Collections.unmodifiableMap(copy);
    }

    /** Whether no tenant is restricted: reads then cost nothing extra. */
    public boolean unrestricted() {
        return selectors.isEmpty();
    }

    /** The tenant's selectors (a stream matching any is readable), or null when the tenant is unrestricted. */
    public List<String> of(String tenant) {
        return selectors.get(tenant);
    }

    /** The restriction of these tenants only: what a request about them carries on (a cache key, a relayed split). */
    public StreamAccess only(List<String> tenants) {
        if (unrestricted()) return this;
        Map<String, List<String>> kept = new TreeMap<>();
        for (String t : tenants) {
            List<String> s = selectors.get(t);
            if (s != null) kept.put(t, s);
        }
        return kept.isEmpty() ? UNRESTRICTED : new StreamAccess(kept);
    }

    /**
     * The header's value: an absent or empty header is no restriction.
     *
     * @throws IllegalArgumentException naming what is wrong with it (answered with 400)
     */
    public static StreamAccess parseHeader(String value) {
        if (value == null || value.isBlank()) return UNRESTRICTED;
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(HEADER + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(HEADER + " must be a JSON object from tenant ID to a list of stream selectors");
        }
        Map<String, List<String>> selectors = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException(HEADER + ": the selectors of tenant '" + e.getKey() + "' must be a list of strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode s : e.getValue()) {
                if (!s.isTextual()) {
                    throw new IllegalArgumentException(HEADER + ": the selectors of tenant '" + e.getKey() + "' must be a list of strings");
                }
                list.add(s.asText());
            }
            selectors.put(e.getKey(), list);
        }
        return selectors.isEmpty() ? UNRESTRICTED : new StreamAccess(selectors);
    }

    /** The header value that says this: compact JSON, tenants sorted; empty when unrestricted. */
    public String toHeader() {
        if (unrestricted()) return "";
        ObjectNode root = JSON.createObjectNode();
        selectors.forEach((tenant, list) -> {
            ArrayNode a = root.putArray(tenant);
            list.forEach(a::add);
        });
        return root.toString();
    }
}
