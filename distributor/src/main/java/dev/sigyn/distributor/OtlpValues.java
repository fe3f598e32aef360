package dev.sigyn.distributor;

import dev.sigyn.distributor.OtlpLogs.Attribute;
import dev.sigyn.distributor.OtlpLogs.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * How Loki turns OTLP values into label values and lines (the collector's {@code AsString}: strings as they are,
 * numbers and booleans printed, bytes in base64, arrays and maps as compact JSON with sorted keys) and attribute
 * keys into label names (Prometheus' OTLP rules: every run of characters other than ASCII letters and digits becomes
 * one {@code _}, a leading digit gets {@code key_} in front, {@code __reserved__} names keep their underscores).
 */
final class OtlpValues {
    private OtlpValues() {}

    static String asString(Value value) {
        return switch (value) {
            case OtlpLogs.Empty e -> "";
            case OtlpLogs.Str s -> s.value();
            case OtlpLogs.Bool b -> Boolean.toString(b.value());
            case OtlpLogs.Int i -> Long.toString(i.value());
            case OtlpLogs.Double d -> formatDouble(d.value(), true);
            case OtlpLogs.Bytes b -> Base64.getEncoder().encodeToString(b.value());
            case OtlpLogs.Array a -> json(a);
            case OtlpLogs.KeyValueList kv -> json(kv);
        };
    }

    /**
     * The label name for an attribute key.
     *
     * @throws PushRejection when nothing usable is left (an empty key, or one made only of underscores)
     */
    static String labelName(String key) throws PushRejection {
        if (key.isEmpty()) throw PushRejection.badRequest("attribute name is empty");
        boolean reserved = key.length() >= 4 && key.startsWith("__") && key.endsWith("__");
        String inner = reserved ? key.substring(2, key.length() - 2) : key;
        StringBuilder sb = new StringBuilder(key.length() + 4);
        boolean previousUnderscore = false;
        for (int i = 0; i < inner.length(); ) {
            int c = inner.codePointAt(i);
            i += Character.charCount(c);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                sb.appendCodePoint(c);
                previousUnderscore = false;
            } else if (!previousUnderscore) {
                sb.append('_');
                previousUnderscore = true;
            }
        }
        String name = reserved ? "__" + sb + "__" : sb.toString();
        if (Character.isDigit(name.charAt(0))) name = "key_" + name;
        if (name.chars().allMatch(c -> c == '_')) {
            throw PushRejection.badRequest("normalization for attribute name \"" + key + "\" resulted in invalid name \""
                    + name + "\"");
        }
        return name;
    }

    private static String json(Value value) {
        StringBuilder sb = new StringBuilder();
        return writeJson(sb, value) ? sb.toString() : "";
    }

    /** False when the value has no JSON form (NaN or an infinity), which makes Go's encoder give up. */
    private static boolean writeJson(StringBuilder sb, Value value) {
        switch (value) {
            case OtlpLogs.Empty e -> sb.append("null");
            case OtlpLogs.Str s -> quote(sb, s.value());
            case OtlpLogs.Bool b -> sb.append(b.value());
            case OtlpLogs.Int i -> sb.append(i.value());
            case OtlpLogs.Double d -> {
                if (Double.isNaN(d.value()) || Double.isInfinite(d.value())) return false;
                sb.append(formatDouble(d.value(), false));
            }
            case OtlpLogs.Bytes b -> quote(sb, Base64.getEncoder().encodeToString(b.value()));
            case OtlpLogs.Array a -> {
                sb.append('[');
                for (int i = 0; i < a.values().size(); i++) {
                    if (i > 0) sb.append(',');
                    if (!writeJson(sb, a.values().get(i))) return false;
                }
                sb.append(']');
            }
            case OtlpLogs.KeyValueList kv -> {
                // A Go map: sorted keys, the last of duplicate keys wins.
                List<Attribute> pairs = new ArrayList<>();
                for (Attribute attr : kv.values()) {
                    pairs.removeIf(p -> p.key().equals(attr.key()));
                    pairs.add(attr);
                }
                pairs.sort(Comparator.comparing(Attribute::key));
                sb.append('{');
                for (int i = 0; i < pairs.size(); i++) {
                    if (i > 0) sb.append(',');
                    quote(sb, pairs.get(i).key());
                    sb.append(':');
                    if (!writeJson(sb, pairs.get(i).value())) return false;
                }
                sb.append('}');
            }
        }
        return true;
    }

    /** A JSON string as Go's encoder writes it with HTML escaping off. */
    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /**
     * Shortest round-trip digits, printed as ECMAScript does (Go's JSON float format): plain below 1e21 and from
     * 1e-6, else an exponent without padding ({@code 1e-7}, {@code 1e+21}).
     */
    static String formatDouble(double d, boolean specials) {
        if (specials) {
            if (Double.isNaN(d)) return "NaN";
            if (d == Double.POSITIVE_INFINITY) return "Infinity";
            if (d == Double.NEGATIVE_INFINITY) return "-Infinity";
        }
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) return shortest.toPlainString();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        return sb.toString();
    }
}
