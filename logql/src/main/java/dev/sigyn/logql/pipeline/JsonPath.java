package dev.sigyn.logql.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON expression of {@code | json name="..."}: fields joined by dots, {@code [n]} array indexes and
 * {@code ["any key"]} keys, e.g. {@code servers[0].host} or {@code ["user agent"]}. Elements are Strings (keys)
 * or Integers (indexes).
 */
final class JsonPath {
    private JsonPath() {
    }

    static List<Object> parse(String expression) {
        List<Object> path = new ArrayList<>();
        int i = 0;
        int n = expression.length();
        boolean expectField = true; // at the start and after a dot
        while (i < n) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '.') {
                if (path.isEmpty() || expectField) throw invalid(expression, "unexpected '.'");
                expectField = true;
                i++;
            } else if (c == '[') {
                int j = i + 1;
                while (j < n && expression.charAt(j) == ' ') j++;
                if (j < n && expression.charAt(j) == '"') {
                    int close = expression.indexOf('"', j + 1);
                    if (close < 0) throw invalid(expression, "unterminated string");
                    path.add(expression.substring(j + 1, close));
                    j = close + 1;
                } else {
                    int start = j;
                    while (j < n && Character.isDigit(expression.charAt(j))) j++;
                    if (j == start) throw invalid(expression, "expected an index or a quoted key");
                    if (j < n && expression.charAt(j) == '.') throw invalid(expression, "cannot use float as array index");
                    path.add(Integer.parseInt(expression.substring(start, j)));
                }
                while (j < n && expression.charAt(j) == ' ') j++;
                if (j >= n || expression.charAt(j) != ']') throw invalid(expression, "expected ']'");
                i = j + 1;
                expectField = false;
            } else if (isFieldStart(c)) {
                if (!expectField) throw invalid(expression, "unexpected field");
                int j = i + 1;
                while (j < n && (isFieldStart(expression.charAt(j)) || Character.isDigit(expression.charAt(j)))) j++;
                path.add(expression.substring(i, j));
                i = j;
                expectField = false;
            } else {
                throw invalid(expression, "unexpected char " + c);
            }
        }
        if (path.isEmpty() || expectField) {
            throw invalid(expression, "empty expression");
        }
        return path;
    }

    private static boolean isFieldStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static IllegalArgumentException invalid(String expression, String why) {
        return new IllegalArgumentException("cannot parse expression [" + expression + "]: " + why);
    }

    /**
     * The value at {@code path} in the JSON document {@code buf[from..to)} as Loki reports it (strings unescaped,
     * other values as written, null as ""), or null when the path does not exist or the document is broken there.
     */
    static String find(byte[] buf, int from, int to, List<Object> path) {
        try {
            int i = JsonScanner.nextToken(buf, from, to);
            for (Object step : path) {
                if (i < 0) return null;
                i = step instanceof Integer index ? element(buf, i, to, index) : field(buf, i, to, (String) step);
            }
            if (i < 0) return null;
            int end = JsonScanner.valueEnd(buf, i, to);
            return switch (JsonScanner.typeOf(buf, i, end)) {
                case STRING -> JsonScanner.labelValue(buf, i + 1, end - 1);
                case NULL -> "";
                default -> JsonScanner.labelValue(buf, i, end);
            };
        } catch (JsonScanner.SyntaxError e) {
            return null;
        }
    }

    /** Start of the value of {@code key} in the object at {@code i}, or -1. */
    private static int field(byte[] buf, int i, int to, String key) throws JsonScanner.SyntaxError {
        if (buf[i] != '{') return -1;
        i = JsonScanner.nextToken(buf, i + 1, to);
        while (i >= 0 && buf[i] == '"') {
            int keyEnd = JsonScanner.stringEnd(buf, i + 1, to);
            if (keyEnd < 0) return -1;
            String k = JsonScanner.unescape(buf, i + 1, keyEnd - 1);
            i = JsonScanner.nextToken(buf, keyEnd, to);
            if (i < 0 || buf[i] != ':') return -1;
            i = JsonScanner.nextToken(buf, i + 1, to);
            if (i < 0) return -1;
            if (key.equals(k)) return i;
            i = JsonScanner.nextToken(buf, JsonScanner.valueEnd(buf, i, to), to);
            if (i < 0 || buf[i] != ',') return -1;
            i = JsonScanner.nextToken(buf, i + 1, to);
        }
        return -1;
    }

    /** Start of element {@code index} of the array at {@code i}, or -1. */
    private static int element(byte[] buf, int i, int to, int index) throws JsonScanner.SyntaxError {
        if (buf[i] != '[') return -1;
        i = JsonScanner.nextToken(buf, i + 1, to);
        for (int k = 0; i >= 0 && buf[i] != ']'; k++) {
            if (k == index) return i;
            i = JsonScanner.nextToken(buf, JsonScanner.valueEnd(buf, i, to), to);
            if (i < 0 || buf[i] != ',') return -1;
            i = JsonScanner.nextToken(buf, i + 1, to);
        }
        return -1;
    }
}
