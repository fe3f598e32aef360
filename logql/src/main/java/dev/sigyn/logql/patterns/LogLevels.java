package dev.sigyn.logql.patterns;

import dev.sigyn.logql.Labels;

import java.util.List;
import java.util.Locale;

/**
 * The level of a log line, with Loki's rules for {@code detected_level}: a {@code detected_level} already attached
 * (structured metadata or label), else a level label or structured-metadata field ({@code level}, {@code severity},
 * {@code lvl} in any of three casings), else a {@code level}/{@code severity}/{@code lvl} field of a JSON or logfmt
 * line, else keywords in the line; {@code unknown} when nothing says.
 */
public final class LogLevels {
    public static final String UNKNOWN = "unknown";

    private static final List<String> LEVEL_FIELDS = List.of("level", "LEVEL", "Level", "severity", "SEVERITY",
            "Severity", "lvl", "LVL", "Lvl");

    private LogLevels() {}

    public static String detect(Labels stream, Labels structuredMetadata, String line) {
        String v = structuredMetadata.get("detected_level");
        if (v == null) v = stream.get("detected_level");
        if (v != null) return v;
        v = levelField(stream);
        if (v == null) v = levelField(structuredMetadata);
        if (v != null) return v;
        String field = fieldInLine(line);
        String normalised = field == null ? null : normalise(field);
        return normalised != null ? normalised : fromKeywords(line);
    }

    private static String levelField(Labels labels) {
        for (String name : LEVEL_FIELDS) {
            String v = labels.get(name);
            if (v != null) return v;
        }
        return null;
    }

    /** The value of the first level field of a JSON object line ({@code "level":"x"}) or logfmt line ({@code level=x}). */
    private static String fieldInLine(String line) {
        String trimmed = line.strip();
        boolean json = trimmed.startsWith("{") && trimmed.endsWith("}");
        if (!json && line.indexOf('=') < 0) return null;
        for (String name : LEVEL_FIELDS) {
            String v = json ? jsonString(trimmed, name) : logfmtValue(line, name);
            if (v != null) return v;
        }
        return null;
    }

    /** A string value of {@code "name":} anywhere in the text; enough for the level fields of flat JSON logs. */
    private static String jsonString(String text, String name) {
        String key = "\"" + name + "\"";
        int at = text.indexOf(key);
        while (at >= 0) {
            int i = at + key.length();
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            if (i < text.length() && text.charAt(i) == ':') {
                i++;
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
                if (i < text.length() && text.charAt(i) == '"') {
                    int end = text.indexOf('"', i + 1);
                    if (end > i) return text.substring(i + 1, end);
                }
                return null;
            }
            at = text.indexOf(key, at + 1);
        }
        return null;
    }

    /** The value of {@code name=value} (value optionally quoted) where {@code name} starts a logfmt key. */
    private static String logfmtValue(String line, String name) {
        String key = name + "=";
        int at = line.indexOf(key);
        while (at >= 0) {
            if (at == 0 || line.charAt(at - 1) == ' ') {
                int i = at + key.length();
                if (i < line.length() && line.charAt(i) == '"') {
                    int end = line.indexOf('"', i + 1);
                    return end > i ? line.substring(i + 1, end) : null;
                }
                int end = line.indexOf(' ', i);
                return line.substring(i, end < 0 ? line.length() : end);
            }
            at = line.indexOf(key, at + 1);
        }
        return null;
    }

    /** Loki's level names for the common spellings; null for anything else. */
    private static String normalise(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "trace", "trc" -> "trace";
            case "debug", "dbg" -> "debug";
            case "info", "inf" -> "info";
            case "warn", "wrn", "warning" -> "warn";
            case "error", "err" -> "error";
            case "critical" -> "critical";
            case "fatal" -> "fatal";
            default -> null;
        };
    }

    /** Loki's last resort: keywords in the line, in its order of precedence. */
    private static String fromKeywords(String line) {
        if (line.contains("info") || line.contains("INFO")) return "info";
        if (line.contains("err:") || line.contains("ERR:") || line.contains("error") || line.contains("ERROR")) {
            return "error";
        }
        if (line.contains("warn:") || line.contains("WARN:") || line.contains("warning") || line.contains("WARNING")) {
            return "warn";
        }
        if (line.contains("CRITICAL:") || line.contains("critical:")) return "critical";
        if (line.contains("debug:") || line.contains("DEBUG:")) return "debug";
        return UNKNOWN;
    }
}
