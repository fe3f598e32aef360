package dev.sigyn.querier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Loki's {@code detected_fields} types a value, trying Go's parsers in turn: {@code int} (strconv.ParseInt),
 * {@code float} (ParseFloat), {@code boolean} (ParseBool), {@code duration} (time.ParseDuration), {@code bytes}
 * (go-humanize's ParseBytes), else {@code string}. Also go-humanize's byte formatting, which Loki applies to byte
 * values in {@code detected_field/{name}/values}.
 */
final class FieldTypes {
    private static final Pattern GO_INT = Pattern.compile("[+-]?\\d+");
    private static final Pattern GO_DURATION = Pattern.compile(
            "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+");
    private static final List<String> BOOLEANS = List.of("1", "t", "T", "TRUE", "true", "True",
            "0", "f", "F", "FALSE", "false", "False");
    /** go-humanize's size names (lower case); "" means bytes. */
    private static final Map<String, Double> BYTE_UNITS = Map.ofEntries(
            Map.entry("", 1d), Map.entry("b", 1d),
            Map.entry("kib", 0x1p10), Map.entry("ki", 0x1p10), Map.entry("kb", 1e3), Map.entry("k", 1e3),
            Map.entry("mib", 0x1p20), Map.entry("mi", 0x1p20), Map.entry("mb", 1e6), Map.entry("m", 1e6),
            Map.entry("gib", 0x1p30), Map.entry("gi", 0x1p30), Map.entry("gb", 1e9), Map.entry("g", 1e9),
            Map.entry("tib", 0x1p40), Map.entry("ti", 0x1p40), Map.entry("tb", 1e12), Map.entry("t", 1e12),
            Map.entry("pib", 0x1p50), Map.entry("pi", 0x1p50), Map.entry("pb", 1e15), Map.entry("p", 1e15),
            Map.entry("eib", 0x1p60), Map.entry("ei", 0x1p60), Map.entry("eb", 1e18), Map.entry("e", 1e18));
    /** Loki's list of unit suffixes that mark a value as a byte size worth normalising. */
    private static final List<String> BYTE_SUFFIXES = List.of("b", "kib", "kb", "mib", "mb", "gib", "gb", "tib", "tb",
            "pib", "pb", "eib", "eb", "ki", "k", "mi", "m", "gi", "g", "ti", "t", "pi", "p", "ei", "e");
    private static final String[] SI_SIZES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private FieldTypes() {}

    static String typeOf(String value) {
        if (isInt(value)) return "int";
        if (isFloat(value)) return "float";
        if (BOOLEANS.contains(value)) return "boolean";
        if (isDuration(value)) return "duration";
        if (parseBytes(value) >= 0) return "bytes";
        return "string";
    }

    /**
     * A value as Loki lists it among a field's values: a byte size with a unit ("1536 B", "1.5KiB") in go-humanize's
     * SI form without the space ("1.5kB"), anything else as is.
     */
    static String displayValue(String value) {
        long bytes = parseBytes(value);
        if (bytes < 0) return value;
        String lower = value.toLowerCase(Locale.ROOT);
        for (String suffix : BYTE_SUFFIXES) {
            if (lower.endsWith(suffix)) return humanBytes(bytes).replaceFirst(" ", "");
        }
        return value;
    }

    private static boolean isInt(String v) {
        if (!GO_INT.matcher(v).matches()) return false;
        try {
            Long.parseLong(v);
            return true;
        } catch (NumberFormatException e) {
            return false; // out of int64 range
        }
    }

    private static boolean isFloat(String v) {
        if (!LokiParams.isGoFloat(v)) return false;
        String t = v.toLowerCase(Locale.ROOT).replace("+", "").replace("-", "");
        if (t.startsWith("inf") || t.equals("nan")) return true;
        return !Double.isInfinite(Double.parseDouble(v)); // Go refuses out-of-range values
    }

    private static boolean isDuration(String v) {
        return v.equals("0") || v.equals("+0") || v.equals("-0") || GO_DURATION.matcher(v).matches();
    }

    /** go-humanize's ParseBytes: the byte count, or -1 when the text is not a size. */
    static long parseBytes(String v) {
        int digits = 0;
        while (digits < v.length() && (Character.isDigit(v.charAt(digits)) || v.charAt(digits) == '.'
                || v.charAt(digits) == ',')) {
            digits++;
        }
        String number = v.substring(0, digits).replace(",", "");
        if (!LokiParams.isGoFloat(number)) return -1;
        Double unit = BYTE_UNITS.get(v.substring(digits).strip().toLowerCase(Locale.ROOT));
        if (unit == null) return -1;
        BigDecimal bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return -1; // Go's limit is 2^64; close enough
        return bytes.longValue();
    }

    /** go-humanize's {@code Bytes}: SI units, one decimal below 10 ("1.5 kB", "42 MB", "7 B"). */
    static String humanBytes(long bytes) {
        if (bytes < 10) return bytes + " B";
        int e = (int) Math.floor(Math.log(bytes) / Math.log(1000));
        double value = Math.floor(bytes / Math.pow(1000, e) * 10 + 0.5) / 10;
        // Go's %.Nf rounds the exact binary value half to even.
        return new BigDecimal(value).setScale(value < 10 ? 1 : 0, RoundingMode.HALF_EVEN).toPlainString()
                + " " + SI_SIZES[e];
    }
}
