package dev.sigyn.config;

import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Durations;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one setting's value is read from text (a YAML scalar or a flag) and written back in Loki's format. Numbers are
 * never negative in any setting Sigyn has, so parsing rejects negatives once here.
 */
enum ValueKind {
    STRING,
    /** A string that is never printed: {@code /config} shows Loki's mask instead. */
    SECRET,
    /** A URL whose password part is never printed. */
    SECRET_URL,
    BOOLEAN,
    INT,
    /** A float such as {@code ingestion_rate_mb}. */
    FLOAT,
    /** A byte count that Loki declares as a plain int (printed as an int), still accepting units. */
    SIZE_INT,
    /** A byte count that Loki declares as {@code flagext.ByteSize} (printed as "256KB"). */
    SIZE,
    /** A Go {@code time.Duration} (printed as "30m0s"). */
    DURATION,
    /** A Prometheus {@code model.Duration} (printed as "1w", "30d1h"). */
    PROMETHEUS_DURATION,
    /** A list of strings: a YAML list, or comma-separated on the command line. */
    STRING_LIST,
    /** {@code retention_stream}: a YAML list of {@code {selector, priority, period}} blocks. */
    RETENTION_STREAMS,
    /** {@code auth.users} and {@code auth.tokens}: a YAML list of {@code {name, *_hash, grants}} blocks. */
    CREDENTIALS,
    /** {@code limits_config.redaction}: a list of {@link RedactionRule} blocks, YAML only. */
    REDACTION_RULES;

    private static final Pattern DECIMAL = Pattern.compile("[+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    boolean isBoolean() {
        return this == BOOLEAN;
    }

    /** The value in the record's Java type; the exception message is the reason, for the caller to put in context. */
    Object parse(String text) {
        return switch (this) {
            case STRING, SECRET, SECRET_URL -> text;
            case BOOLEAN -> parseBoolean(text);
            case INT -> parseInt(text);
            case FLOAT -> parseFloat(text);
            case SIZE_INT, SIZE -> ByteSizes.parseConfig(text);
            case DURATION, PROMETHEUS_DURATION -> parseDuration(text);
            case STRING_LIST -> text.isBlank() ? List.of()
                    : Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
            case RETENTION_STREAMS -> throw new IllegalArgumentException(
                    "expected a list of {selector, priority, period} blocks in the YAML file");
            case CREDENTIALS -> throw new IllegalArgumentException(
                    "expected a list of credentials in the YAML file");
            case REDACTION_RULES -> throw new IllegalArgumentException(
                    "expected a list of redaction rules ({builtin} or {name, pattern}) in the YAML file");
        };
    }

    /** The value as it goes into YAML: a String, Boolean, Integer, Long or Double, in Loki's format. */
    Object toYamlValue(Object value) {
        return switch (this) {
            case STRING, BOOLEAN, INT, SIZE_INT -> value;
            case SECRET -> Secrets.mask((String) value);
            case SECRET_URL -> Secrets.maskUrl((String) value);
            case FLOAT -> {
                double d = (Double) value;
                // Loki (Go) prints 4.0 as 4.
                yield d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
            }
            case SIZE -> ByteSizes.formatConfig((Long) value);
            case DURATION -> Durations.formatGo(((Duration) value).toNanos());
            case PROMETHEUS_DURATION -> formatPrometheusDuration((Duration) value);
            case STRING_LIST -> value;
            case RETENTION_STREAMS -> ((List<?>) value).stream().map(r -> {
                RetentionStream rule = (RetentionStream) r;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("selector", rule.selector());
                m.put("priority", rule.priority());
                m.put("period", formatPrometheusDuration(rule.period()));
                return m;
            }).toList();
            // Hashes are printed as the file holds them (only admins see /config): never a password or token.
            case CREDENTIALS -> ((List<?>) value).stream().map(c -> {
                AuthConfig.Credential credential = (AuthConfig.Credential) c;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", credential.name());
                m.put(credential.secretHash().startsWith("sha256:") ? "token_hash" : "password_hash",
                        credential.secretHash());
                m.put("grants", credential.grants().stream().map(g -> {
                    Map<String, Object> grant = new LinkedHashMap<>();
                    grant.put("tenant", g.tenant());
                    grant.put("roles", g.roles());
                    if (!g.selectors().isEmpty()) grant.put("selectors", g.selectors());
                    return grant;
                }).toList());
                return m;
            }).toList();
            case REDACTION_RULES -> ((List<?>) value).stream().map(r -> {
                // Only what differs from a rule's defaults, so that /config reads like the file that set it.
                RedactionRule rule = (RedactionRule) r;
                Map<String, Object> m = new LinkedHashMap<>();
                if (!rule.builtin().isEmpty()) m.put("builtin", rule.builtin());
                if (!rule.name().isEmpty() && !rule.name().equals(rule.builtin())) m.put("name", rule.name());
                if (!rule.pattern().isEmpty()) m.put("pattern", rule.pattern());
                if (!rule.replacement().isEmpty()) m.put("replacement", rule.replacement());
                if (rule.action() != RedactionRule.Action.REPLACE) m.put("action", rule.action().yamlName());
                if (rule.labels()) m.put("labels", true);
                return m;
            }).toList();
        };
    }

    /**
     * Any key takes both Go's and Prometheus' forms ("1h30m", "1.5h", "7d", "1w", "500ms", a bare "0"), whichever of
     * the two Loki declares it with.
     */
    private static Duration parseDuration(String text) {
        String s = text.strip();
        if (s.startsWith("-")) throw new IllegalArgumentException("must not be negative");
        try {
            return Duration.ofNanos(Durations.parseEither(s));
        } catch (IllegalArgumentException neither) {
            throw new IllegalArgumentException("expected a duration such as 30s, 1h30m or 7d"
                    + " (units: ns, us, ms, s, m, h, d, w, y)");
        }
    }

    /** Prometheus durations keep milliseconds; a finer value is printed in Go's form so that it reads back exactly. */
    private static String formatPrometheusDuration(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000 == 0 ? Durations.formatPrometheus(nanos) : Durations.formatGo(nanos);
    }

    private static Boolean parseBoolean(String text) {
        // Go's strconv.ParseBool (flags) and YAML 1.1 booleans (Loki's YAML library), case-insensitively.
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "yes", "y", "on" -> true;
            case "false", "f", "0", "no", "n", "off" -> false;
            default -> throw new IllegalArgumentException("expected a boolean (true or false)");
        };
    }

    private static Integer parseInt(String text) {
        String s = text.strip();
        if (s.startsWith("-") && s.length() > 1 && s.chars().skip(1).allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("must not be negative");
        }
        try {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s.matches("\\d+") ? "integer is too large" : "expected an integer");
        }
    }

    private static Double parseFloat(String text) {
        String s = text.strip();
        if (s.startsWith("-") && DECIMAL.matcher(s.substring(1)).matches()) {
            throw new IllegalArgumentException("must not be negative");
        }
        // Checked first because Double.parseDouble also takes "4d", "NaN", "Infinity" and hex.
        if (!DECIMAL.matcher(s).matches()) throw new IllegalArgumentException("expected a number");
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) throw new IllegalArgumentException("number is too large");
        return d;
    }
}
