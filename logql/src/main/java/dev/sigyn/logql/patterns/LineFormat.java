package dev.sigyn.logql.patterns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a line is cut into tokens, and how deep Drain's tree looks into them. Each line is mined in the first format
 * that reads it: a JSON object is mined on its message field (the pattern is wrapped in {@code <_>} so that it
 * still finds the whole line with {@code |>}); a logfmt line on its {@code key=} and value tokens, with time and
 * trace-id values counted as variables from the start; anything else on its words and punctuation.
 * <p>
 * The tree depth differs on purpose. In JSON messages and logfmt lines the leading tokens are the text that tells
 * events apart (the message, the level, the component), so the whole line steers the tree, as in Loki. Plain lines
 * such as access logs begin with variables (addresses, dates) followed by request details: only the first five
 * tokens steer, so that requests of one log format end up in a handful of patterns rather than one per URL.
 */
enum LineFormat {
    JSON(30), LOGFMT(30), PLAIN(8);

    /** Fields Loki takes a JSON log's message from, in order of preference. */
    private static final List<String> MESSAGE_FIELDS = List.of("log", "message", "msg", "msg_", "_msg", "content");
    /** logfmt keys whose values are always variables. */
    private static final List<String> VARIABLE_KEYS = List.of("ts", "t", "traceid", "time", "timestamp");
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    /** Drain's tree depth (root and token-count layers included) for lines of this format. */
    final int treeDepth;

    LineFormat(int treeDepth) {
        this.treeDepth = treeDepth;
    }

    /** The format that reads this line, with its tokens. */
    static Tokenized tokenize(String line) {
        TokenizedLine t = jsonMessage(line);
        if (t != null) return new Tokenized(JSON, t);
        t = logfmt(line);
        if (t != null) return new Tokenized(LOGFMT, t);
        return new Tokenized(PLAIN, TokenizedLine.of(line));
    }

    record Tokenized(LineFormat format, TokenizedLine line) {}

    /** The pattern text of a cluster's template in this format. */
    String pattern(String[] tokens, int[] spaces) {
        String p = TokenizedLine.join(tokens, spaces, Drain.PLACEHOLDER);
        if (this != JSON) return p;
        // The message sits inside the JSON text: placeholders stand for what comes before and after it.
        if (!p.startsWith(Drain.PLACEHOLDER)) p = Drain.PLACEHOLDER + p;
        if (!p.endsWith(Drain.PLACEHOLDER)) p = p + Drain.PLACEHOLDER;
        return p;
    }

    /** The tokens of a JSON object line's message field, or null when the line is not one or has none. */
    private static TokenizedLine jsonMessage(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return null;
        String[] found = new String[MESSAGE_FIELDS.size()];
        try (JsonParser p = JSON_FACTORY.createParser(trimmed)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                int field = MESSAGE_FIELDS.indexOf(p.currentName());
                JsonToken value = p.nextToken();
                if (field >= 0 && value == JsonToken.VALUE_STRING && found[field] == null) found[field] = p.getText();
                else p.skipChildren();
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
        } catch (IOException e) {
            return null;
        }
        for (String message : found) if (message != null && !message.isEmpty()) return TokenizedLine.of(message);
        return null;
    }

    /**
     * The tokens of a logfmt line ({@code key=value key="quoted value" flag}): each {@code key=} is a token, each
     * value (quotes included) another, bare keys one. Null unless the line starts with a {@code key=} pair and
     * every part is a well-formed pair or bare key.
     */
    private static TokenizedLine logfmt(String line) {
        List<String> tokens = new ArrayList<>();
        List<Integer> spaces = new ArrayList<>();
        int i = 0, n = line.length();
        int leading = 0;
        while (i < n && line.charAt(i) == ' ') { i++; leading++; }
        spaces.add(leading);
        while (i < n) {
            int keyStart = i;
            while (i < n && isKeyChar(line.charAt(i))) i++;
            if (i == keyStart) return null;
            if (i < n && line.charAt(i) == '=') {
                String key = line.substring(keyStart, i + 1);
                i++;
                int valueStart = i;
                if (i < n && line.charAt(i) == '"') {
                    i = closingQuote(line, i);
                    if (i < 0) return null;
                    i++;
                } else {
                    while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '"' && line.charAt(i) != '=') i++;
                }
                if (i < n && line.charAt(i) != ' ') return null;
                tokens.add(key);
                spaces.add(0);
                boolean variable = VARIABLE_KEYS.contains(key.substring(0, key.length() - 1).toLowerCase(Locale.ROOT));
                tokens.add(variable && i > valueStart ? Drain.PLACEHOLDER : line.substring(valueStart, i));
            } else {
                if (tokens.isEmpty() || (i < n && line.charAt(i) != ' ')) return null; // must start with key=
                tokens.add(line.substring(keyStart, i));
            }
            int gap = 0;
            while (i < n && line.charAt(i) == ' ') { i++; gap++; }
            spaces.add(gap);
            if (tokens.size() >= TokenizedLine.MAX_TOKENS) break;
        }
        if (i < n || tokens.isEmpty()) return null;
        int[] s = new int[spaces.size()];
        for (int k = 0; k < s.length; k++) s[k] = spaces.get(k);
        return new TokenizedLine(tokens.toArray(String[]::new), s);
    }

    private static boolean isKeyChar(char c) {
        return c > ' ' && c != '=' && c != '"' && c < 0x7f;
    }

    /** Index of the quote closing the one at {@code open}, skipping backslash escapes; -1 if there is none. */
    private static int closingQuote(String line, int open) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i;
        }
        return -1;
    }
}
