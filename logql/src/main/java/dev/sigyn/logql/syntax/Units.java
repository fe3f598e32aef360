package dev.sigyn.logql.syntax;

import java.util.Locale;
import java.util.Map;

/**
 * Parsing of the duration and byte-size literals LogQL accepts, following the Go libraries Loki uses:
 * Prometheus durations ({@code 1y2w3d4h5m6s7ms}), Go durations ({@code 1.5h}, {@code -5m}, {@code 300us}) and
 * go-humanize byte sizes ({@code 10KB}, {@code 2KiB}, {@code 1.5MB}).
 */
final class Units {
    private Units() {
    }

    /** Thrown for text that is not a valid duration or size; the message is the one Loki gives. */
    static final class UnitException extends Exception {
        UnitException(String message) {
            super(message, null, false, false);
        }
    }

    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000L, M = 60 * S, H = 60 * M;
    private static final long D = 24 * H, W = 7 * D, Y = 365 * D;

    private static final Map<String, Long> GO_UNITS = Map.of(
            "ns", NS, "us", US, "\u00b5s", US, "\u03bcs", US, "ms", MS, "s", S, "m", M, "h", H);

    /** Prometheus units in the order they must appear, biggest first. */
    private static final String[] PROM_UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] PROM_MULT = {Y, W, D, H, M, S, MS};

    /** A duration in nanoseconds, as Loki's lexer reads it: Prometheus form first, then Go form. */
    static long parseDuration(String s) throws UnitException {
        try {
            return parsePrometheusDuration(s);
        } catch (UnitException e) {
            return parseGoDuration(s);
        }
    }

    /** Prometheus {@code model.ParseDuration}: integer amounts with units y w d h m s ms, biggest first. */
    static long parsePrometheusDuration(String s) throws UnitException {
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw new UnitException("empty duration string");
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int digitsStart = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) i++;
            if (i == digitsStart) throw new UnitException("not a valid duration string: " + goQuote(s));
            long amount;
            try {
                amount = Long.parseLong(s, digitsStart, i, 10);
            } catch (NumberFormatException e) {
                throw new UnitException("not a valid duration string: " + goQuote(s));
            }
            int unitStart = i;
            while (i < s.length() && !isAsciiDigit(s.charAt(i))) i++;
            if (i == unitStart) throw new UnitException("not a valid duration string: " + goQuote(s));
            String unit = s.substring(unitStart, i);
            int u = indexOf(PROM_UNITS, unit);
            if (u < 0) throw new UnitException("unknown unit " + goQuote(unit) + " in duration " + goQuote(s));
            if (u <= lastUnit) throw new UnitException("not a valid duration string: " + goQuote(s));
            lastUnit = u;
            if (amount > Long.MAX_VALUE / PROM_MULT[u]) throw new UnitException("duration out of range");
            total += amount * PROM_MULT[u];
            if (total < 0) throw new UnitException("duration out of range");
        }
        return total;
    }

    /** Go {@code time.ParseDuration}: signed, fractional amounts with units ns us µs ms s m h. */
    static long parseGoDuration(String s) throws UnitException {
        String orig = s;
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) return 0;
        if (i == s.length()) throw new UnitException("time: invalid duration " + goQuote(orig));
        long total = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isAsciiDigit(c))) throw new UnitException("time: invalid duration " + goQuote(orig));
            long whole = 0;
            int start = i;
            while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                if (whole > (Long.MAX_VALUE - 9) / 10) throw new UnitException("time: invalid duration " + goQuote(orig));
                whole = whole * 10 + (s.charAt(i++) - '0');
            }
            boolean digitsBefore = i > start;
            long fraction = 0;
            double scale = 1;
            boolean digitsAfter = false;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                boolean overflow = false;
                while (i < s.length() && isAsciiDigit(s.charAt(i))) {
                    if (!overflow) {
                        if (fraction > (Long.MAX_VALUE - 9) / 10) {
                            overflow = true;
                        } else {
                            fraction = fraction * 10 + (s.charAt(i) - '0');
                            scale *= 10;
                        }
                    }
                    i++;
                }
                digitsAfter = i > fracStart;
            }
            if (!digitsBefore && !digitsAfter) throw new UnitException("time: invalid duration " + goQuote(orig));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !isAsciiDigit(s.charAt(i))) i++;
            if (i == unitStart) throw new UnitException("time: missing unit in duration " + goQuote(orig));
            String unit = s.substring(unitStart, i);
            Long mult = GO_UNITS.get(unit);
            if (mult == null) throw new UnitException("time: unknown unit " + goQuote(unit) + " in duration " + goQuote(orig));
            if (whole > Long.MAX_VALUE / mult) throw new UnitException("time: invalid duration " + goQuote(orig));
            long v = whole * mult;
            if (fraction > 0) v += (long) (fraction * (mult / scale));
            total += v;
            if (v < 0 || total < 0) throw new UnitException("time: invalid duration " + goQuote(orig));
        }
        return negative ? -total : total;
    }

    private static final Map<String, Long> BYTE_UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1_000L), Map.entry("kb", 1_000L), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L), Map.entry("gi", 1L << 30), Map.entry("gib", 1L << 30),
            Map.entry("t", 1_000_000_000_000L), Map.entry("tb", 1_000_000_000_000L), Map.entry("ti", 1L << 40), Map.entry("tib", 1L << 40),
            Map.entry("p", 1_000_000_000_000_000L), Map.entry("pb", 1_000_000_000_000_000L), Map.entry("pi", 1L << 50), Map.entry("pib", 1L << 50),
            Map.entry("e", 1_000_000_000_000_000_000L), Map.entry("eb", 1_000_000_000_000_000_000L), Map.entry("ei", 1L << 60), Map.entry("eib", 1L << 60));

    /** go-humanize {@code ParseBytes}: a decimal amount and an SI or IEC unit, any case. */
    static long parseBytes(String s) throws UnitException {
        int i = 0;
        while (i < s.length() && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ',')) i++;
        double amount;
        try {
            String number = s.substring(0, i).replace(",", "");
                        amount = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new UnitException("strconv.ParseFloat: parsing " + goQuote(s.substring(0, i)) + ": invalid syntax");
        }
        String unit = s.substring(i).strip().toLowerCase(Locale.ROOT);
        Long mult = BYTE_UNITS.get(unit);
        if (mult == null) throw new UnitException("unhandled size name: " + unit);
        double bytes = amount * mult;
        // Go converts to uint64; sizes beyond a signed long are of no use to anyone.
        if (bytes >= 0x1p63) throw new UnitException("too large: " + s);
        return (long) bytes;
    }

    /**
     * A non-negative whole number of milliseconds in Prometheus form ({@code 1h30m}, {@code 0s}), as ranges are
     * written.
     */
    static String formatPrometheusDuration(long nanos) {
        if (nanos == 0) return "0s";
        StringBuilder sb = new StringBuilder();
        long rest = nanos;
        for (int i = 0; i < PROM_UNITS.length; i++) {
            long amount = rest / PROM_MULT[i];
            if (amount > 0) {
                sb.append(amount).append(PROM_UNITS[i]);
                rest -= amount * PROM_MULT[i];
            }
        }
        return sb.toString();
    }

    /**
     * Any duration in a form the lexer reads back exactly: Prometheus form when possible, otherwise a signed
     * amount of the largest Go unit that divides it ({@code -5m}, {@code 1500us}).
     */
    static String formatDuration(long nanos) {
        if (nanos >= 0 && nanos % MS == 0) return formatPrometheusDuration(nanos);
        String[] units = {"h", "m", "s", "ms", "us", "ns"};
        long[] mult = {H, M, S, MS, US, NS};
        for (int i = 0; i < units.length; i++) {
            if (nanos % mult[i] == 0) return (nanos / mult[i]) + units[i];
        }
        throw new AssertionError("unreachable: every duration is a whole number of nanoseconds");
    }

    static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int indexOf(String[] units, String unit) {
        for (int i = 0; i < units.length; i++) if (units[i].equals(unit)) return i;
        return -1;
    }

    private static String goQuote(String s) {
        return Printer.quote(s);
    }
}
