package dev.sigyn.querier;

import dev.sigyn.format.GoInts;
import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;

import java.util.List;
import java.util.Locale;

/**
 * How Loki's {@code detected_fields} types a value, trying Go's parsers in turn: {@code int} (strconv.ParseInt),
 * {@code float} (ParseFloat), {@code boolean} (ParseBool), {@code duration} (time.ParseDuration), {@code bytes}
 * (go-humanize's ParseBytes), else {@code string}. Also go-humanize's byte formatting, which Loki applies to byte
 * values in {@code detected_field/{name}/values}.
 */
final class FieldTypes {
    private static final List<String> BOOLEANS = List.of("1", "t", "T", "TRUE", "true", "True",
            "0", "f", "F", "FALSE", "false", "False");
    /** Loki's list of unit suffixes that mark a value as a byte size worth normalising. */
    private static final List<String> BYTE_SUFFIXES = List.of("b", "kib", "kb", "mib", "mb", "gib", "gb", "tib", "tb",
            "pib", "pb", "eib", "eb", "ki", "k", "mi", "m", "gi", "g", "ti", "t", "pi", "p", "ei", "e");

    private FieldTypes() {}

    static String typeOf(String value) {
        if (GoInts.isInt(value)) return "int";
        if (GoFloats.isFloat(value)) return "float";
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
            if (lower.endsWith(suffix)) return ByteSizes.formatHumanized(bytes).replaceFirst(" ", "");
        }
        return value;
    }

    private static boolean isDuration(String v) {
        try {
            Durations.parseGo(v);
            return true;
        } catch (FormatException e) {
            return false;
        }
    }

    /** go-humanize's ParseBytes: the byte count, or -1 when the text is not a size (or 2^63 bytes and more). */
    static long parseBytes(String v) {
        try {
            return ByteSizes.parseHumanized(v);
        } catch (FormatException e) {
            return -1;
        }
    }
}
