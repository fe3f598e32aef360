package dev.sigyn.logql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The level of a log entry by Loki 3's {@code discover_log_levels} rules, which give {@code detected_level}: a
 * {@code detected_level} already attached, else the first level field among the stream labels, else among the
 * structured metadata, else an OTLP {@code severity_number}, else the line (a level field of a JSON or logfmt line,
 * else the first level word in it), normalised to trace/debug/info/warn/error/critical/fatal; {@code unknown} when
 * nothing says. The distributor attaches it at ingestion; the patterns endpoint uses it for entries without one.
 */
public final class LogLevels {
    public static final String DETECTED_LEVEL = "detected_level";
    public static final String UNKNOWN = "unknown";
    /** Loki's default level fields, in the order they are looked for. */
    private static final List<String> LEVEL_FIELDS = List.of("level", "LEVEL", "Level", "log.level", "severity",
            "SEVERITY", "Severity", "SeverityText", "lvl", "LVL", "Lvl", "severity_text", "Severity_Text",
            "SEVERITY_TEXT");
    private static final Set<String> LEVEL_FIELD_SET = Set.copyOf(LEVEL_FIELDS);
    /** How deep a JSON line is searched: the top-level object and the objects directly inside it. */
    private static final int JSON_MAX_DEPTH = 2;
    /** Level words looked for in a plain line; at equal positions the earlier one wins. */
    private static final String[][] WORDS = {{"trace", "trace"}, {"debug", "debug"}, {"fatal", "fatal"},
            {"critical", "critical"}, {"error", "error"}, {"err", "error"}, {"warning", "warn"}, {"warn", "warn"},
            {"info", "info"}};
    private static final JsonFactory JSON = new JsonFactory();

    private LogLevels() {}

    /** The level of one entry of a stream. */
    public static String detect(Labels stream, Labels structuredMetadata, String line) {
        return detect(fieldOf(stream), structuredMetadata, line);
    }

    /**
     * The level of one entry, given the stream's level field ({@link #fieldOf}, null when it has none) so that a
     * caller going through a stream's entries looks it up once.
     */
    public static String detect(String streamLevelField, Labels structuredMetadata, String line) {
        Labels metadata = structuredMetadata == null ? Labels.EMPTY : structuredMetadata;
        String attached = metadata.get(DETECTED_LEVEL);
        if (attached != null) return normalise(attached);
        if (streamLevelField != null) return normalise(streamLevelField);
        String fromMetadata = fieldOf(metadata);
        return fromMetadata != null ? normalise(fromMetadata) : fromEntry(line, metadata);
    }

    /** The value of the first level field among {@code labels}, or null. */
    public static String fieldOf(Labels labels) {
        if (labels.isEmpty()) return null;
        for (String field : LEVEL_FIELDS) {
            String v = labels.get(field);
            if (v != null) return v;
        }
        return null;
    }

    /** Known spellings of a level become its canonical name; anything else stays as it is. */
    public static String normalise(String level) {
        String canonical = canonical(level);
        return canonical != null ? canonical : level;
    }

    private static String canonical(String value) {
        if (value == null) return null;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "trace", "trc" -> "trace";
            case "debug", "dbg" -> "debug";
            case "info", "inf", "information" -> "info";
            case "warn", "wrn", "warning" -> "warn";
            case "error", "err" -> "error";
            case "critical" -> "critical";
            case "fatal" -> "fatal";
            default -> null;
        };
    }

    private static String fromEntry(String line, Labels metadata) {
        String severity = metadata.get("severity_number");
        if (severity != null && !severity.isEmpty()) return fromSeverityNumber(severity);
        String field = isJson(line) ? jsonLevel(line) : line.indexOf('=') >= 0 ? logfmtLevel(line) : null;
        String canonical = canonical(field);
        return canonical != null ? canonical : fromWords(line);
    }

    /** OpenTelemetry's severity number ranges (1-4 trace, 5-8 debug, ... 21-24 fatal). */
    private static String fromSeverityNumber(String text) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return "info";
        }
        if (n == 0) return UNKNOWN;
        if (n <= 4) return "trace";
        if (n <= 8) return "debug";
        if (n <= 12) return "info";
        if (n <= 16) return "warn";
        if (n <= 20) return "error";
        if (n <= 24) return "fatal";
        return UNKNOWN;
    }

    private static boolean isJson(String line) {
        int first = 0;
        while (first < line.length() && Character.isWhitespace(line.charAt(first))) first++;
        int last = line.length() - 1;
        while (last >= 0 && Character.isWhitespace(line.charAt(last))) last--;
        return first <= last && line.charAt(first) == '{' && line.charAt(last) == '}';
    }

    /** The first string value of a level field, in document order, within {@link #JSON_MAX_DEPTH} objects. */
    private static String jsonLevel(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            return searchObject(p, 0);
        } catch (IOException e) {
            return null; // malformed before a level field was seen
        }
    }

    private static String searchObject(JsonParser p, int depth) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING && LEVEL_FIELD_SET.contains(name)) return p.getText();
            if (value == JsonToken.START_OBJECT && depth + 1 < JSON_MAX_DEPTH) {
                String found = searchObject(p, depth + 1);
                if (found != null) return found;
            } else {
                p.skipChildren();
            }
        }
        return null;
    }

    /**
     * The value of the level key (case-insensitive) listed first among the level fields. Runs on every pushed line
     * while discovery is on: keys are compared in place and only a level field's value becomes a String.
     */
    private static String logfmtLevel(String line) {
        String best = null;
        int bestRank = LEVEL_FIELDS.size();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && line.charAt(i) <= ' ') i++;
            int keyStart = i;
            while (i < n && line.charAt(i) > ' ' && line.charAt(i) != '=' && line.charAt(i) != '"') i++;
            if (i == keyStart) return best; // malformed: stop like go-logfmt's scanner
            int rank = rankOf(line, keyStart, i, bestRank);
            String value = "";
            if (i < n && line.charAt(i) == '=') {
                i++;
                if (i < n && line.charAt(i) == '"') {
                    StringBuilder sb = rank >= 0 ? new StringBuilder() : null;
                    i++;
                    while (i < n && line.charAt(i) != '"') {
                        if (line.charAt(i) == '\\' && i + 1 < n) i++;
                        char c = line.charAt(i++);
                        if (sb != null) sb.append(c);
                    }
                    if (i >= n) return best; // unterminated quote
                    i++;
                    if (sb != null) value = sb.toString();
                } else {
                    int valueStart = i;
                    while (i < n && line.charAt(i) > ' ') i++;
                    if (rank >= 0) value = line.substring(valueStart, i);
                }
            }
            if (rank >= 0) {
                best = value;
                bestRank = rank;
                if (rank == 0) return best;
            }
        }
        return best;
    }

    /** The rank among the level fields of the key {@code line[from, to)}, if better than {@code worse}; else -1. */
    private static int rankOf(String line, int from, int to, int worse) {
        int length = to - from;
        for (int rank = 0; rank < worse; rank++) {
            String field = LEVEL_FIELDS.get(rank);
            if (field.length() == length && line.regionMatches(true, from, field, 0, length)) return rank;
        }
        return -1;
    }

    /** The level word that appears first in the line as a whole word, found in one pass without copying the line. */
    private static String fromWords(String line) {
        int n = line.length();
        for (int i = 0; i < n; i++) {
            if (!leftBoundary(line, i - 1)) continue;
            char first = Character.toLowerCase(line.charAt(i));
            for (String[] word : WORDS) {
                String w = word[0];
                if (w.charAt(0) == first && line.regionMatches(true, i, w, 0, w.length())
                        && rightBoundary(line, i + w.length())) {
                    return word[1];
                }
            }
        }
        return UNKNOWN;
    }

    /** A colon on the left is not a boundary: {@code misc:error} is not a level. */
    private static boolean leftBoundary(String s, int i) {
        if (i < 0 || i >= s.length()) return true;
        return " \t\n[({\"'=|".indexOf(s.charAt(i)) >= 0;
    }

    /** A colon on the right is: {@code error: disk full}. */
    private static boolean rightBoundary(String s, int i) {
        if (i < 0 || i >= s.length()) return true;
        return " \t\n[]()}{:,!\"'=|".indexOf(s.charAt(i)) >= 0;
    }
}
