package dev.sigyn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The conformance corpus (answers recorded from a real Loki on {@code dataset.json}) and the same comparison rules
 * as {@code ../shared/conformance/conformance.py}: streams and series sorted by labels, stats ignored, sample values
 * equal within a relative 1e-6, error answers compared by status only.
 */
final class Conformance {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-6;

    record Case(String id, String tenant, String path, JsonNode params, JsonNode expect) {
        /** The request URI with its query string, parameters encoded as conformance.py does. */
        String uri() {
            StringBuilder sb = new StringBuilder(path);
            char sep = '?';
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                List<JsonNode> values = new ArrayList<>();
                if (p.getValue().isArray()) p.getValue().forEach(values::add);
                else values.add(p.getValue());
                for (JsonNode v : values) {
                    sb.append(sep).append(enc(p.getKey())).append('=').append(enc(v.asText()));
                    sep = '&';
                }
            }
            return sb.toString();
        }

        String query() {
            return params.path("query").asText("");
        }
    }

    private Conformance() {}

    static JsonNode resource(String name) throws IOException {
        try (InputStream in = Conformance.class.getResourceAsStream("/conformance/" + name)) {
            if (in == null) throw new IOException("missing test resource conformance/" + name);
            return JSON.readTree(in);
        }
    }

    static List<Case> cases(Predicate<Case> which) throws IOException {
        List<Case> out = new ArrayList<>();
        for (JsonNode c : resource("cases.json")) {
            Case k = new Case(c.get("id").asText(), c.get("tenant").asText(), c.get("path").asText(),
                    c.path("params"), c.get("expect"));
            if (which.test(k)) out.add(k);
        }
        return out;
    }

    /** The cases issue 3 (Foundation) must pass: selectors, line filters, windows, metadata, tenant log queries. */
    static boolean foundationCase(Case c) {
        String id = c.id();
        if (id.startsWith("sel-") || id.startsWith("filter-") || id.startsWith("window-") || id.startsWith("meta-")) return true;
        return id.startsWith("tenant-") && c.query().trim().startsWith("{");
    }

    /** Normalises a response exactly as conformance.py does. */
    static JsonNode normalise(String path, int status, byte[] body) {
        ObjectNode out = JSON.createObjectNode();
        out.put("status", status);
        if (status / 100 != 2) return out;
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            out.put("unparsable", new String(body, 0, Math.min(200, body.length), StandardCharsets.UTF_8));
            return out;
        }
        JsonNode data = root.get("data");
        if (data != null && data.isObject() && data.has("resultType")) {
            String rt = data.get("resultType").asText();
            List<JsonNode> result = new ArrayList<>();
            data.get("result").forEach(result::add);
            String key = switch (rt) {
                case "streams" -> "stream";
                case "matrix", "vector" -> "metric";
                default -> null;
            };
            ArrayNode res = JSON.createArrayNode();
            if (key != null) {
                String valuesKey = rt.equals("vector") ? "value" : "values";
                result.sort(Comparator.comparing(r -> canonLabels(r.get(key))));
                for (JsonNode r : result) {
                    ObjectNode o = JSON.createObjectNode();
                    o.set(key, r.get(key));
                    o.set(valuesKey, r.get(valuesKey));
                    res.add(o);
                }
            } else {
                result.forEach(res::add);
            }
            out.put("resultType", rt);
            out.set("result", res);
            return out;
        }
        if (path.endsWith("/series")) {
            List<JsonNode> series = new ArrayList<>();
            if (data != null) data.forEach(series::add);
            series.sort(Comparator.comparing(Conformance::canonLabels));
            out.set("data", JSON.valueToTree(series));
            return out;
        }
        if (data != null && data.isArray()) {
            List<String> items = new ArrayList<>();
            data.forEach(d -> items.add(d.asText()));
            items.sort(Comparator.naturalOrder());
            out.set("data", JSON.valueToTree(items));
            return out;
        }
        out.set("data", data == null ? JSON.nullNode() : data);
        return out;
    }

    static String canonLabels(JsonNode m) {
        StringBuilder sb = new StringBuilder("{");
        TreeSet<String> names = new TreeSet<>();
        m.fieldNames().forEachRemaining(names::add);
        boolean first = true;
        for (String n : names) {
            if (!first) sb.append(',');
            first = false;
            sb.append(n).append("=\"").append(m.get(n).asText()).append('"');
        }
        return sb.append('}').toString();
    }

    /** The first difference between an expected and an actual normalised answer, or null when they agree. */
    static String diff(JsonNode exp, JsonNode got, String where) {
        if (exp.isObject() && got.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            exp.fieldNames().forEachRemaining(keys::add);
            got.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!got.has(k)) return where + "." + k + ": missing";
                if (!exp.has(k)) return where + "." + k + ": unexpected";
                String d = diff(exp.get(k), got.get(k), where + "." + k);
                if (d != null) return d;
            }
            return null;
        }
        if (exp.isArray() && got.isArray()) {
            if (exp.size() != got.size()) return where + ": expected " + exp.size() + " items, got " + got.size();
            for (int i = 0; i < exp.size(); i++) {
                String d = diff(exp.get(i), got.get(i), where + "[" + i + "]");
                if (d != null) return d;
            }
            return null;
        }
        if (exp.isTextual() && got.isTextual() && where.endsWith("[1]") && numEq(exp.asText(), got.asText())) return null;
        if (!exp.equals(got)) {
            return where + ": expected " + abbreviate(exp.toString()) + ", got " + abbreviate(got.toString());
        }
        return null;
    }

    private static boolean numEq(String a, String b) {
        double x, y;
        try {
            x = Double.parseDouble(a.replace("Inf", "Infinity"));
            y = Double.parseDouble(b.replace("Inf", "Infinity"));
        } catch (NumberFormatException e) {
            return a.equals(b);
        }
        if (Double.isNaN(x) || Double.isNaN(y)) return Double.isNaN(x) && Double.isNaN(y);
        if (Double.isInfinite(x) || Double.isInfinite(y)) return x == y;
        return Math.abs(x - y) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
