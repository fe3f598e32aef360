package dev.sigyn.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes in the two forms Loki uses. go-humanize's ({@code ParseBytes}, {@code Bytes}): SI and IEC units,
 * "1.5 MB" = 1500000, "2KiB" = 2048; LogQL literals, label filters and {@code bytes()} read them. And Loki's
 * {@code flagext.ByteSize} (c2h5oh/datasize): binary multiples only, "256KB" = 262144; configuration and limit
 * messages use it.
 */
public final class ByteSizes {
    private static final Map<String, Long> HUMANIZE_UNITS = humanizeUnits();
    private static final String[] HUMANIZE_SI_NAMES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private static final Pattern DATASIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Integer> DATASIZE_UNIT_POWERS = datasizeUnitPowers();
    private static final String[] DATASIZE_NAMES = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private ByteSizes() {}

    /**
     * go-humanize's {@code ParseBytes}: "42", "1.5 MB", "2KiB", "1,024 kb"; unit names in any case. The result is
     * Go's {@code uint64}: read it with {@link Long#toUnsignedString} past 2^63.
     */
    public static long parseHumanized(String s) {
        int digits = 0;
        boolean comma = false;
        while (digits < s.length()) {
            char c = s.charAt(digits);
            if (!(Character.isDigit(c) || c == '.' || c == ',')) break;
            comma |= c == ',';
            digits++;
        }
        String number = s.substring(0, digits);
        if (comma) number = number.replace(",", "");
        double amount = GoFloats.parse(number);
        String unitName = GoStrings.trimSpace(s.substring(digits)).toLowerCase(Locale.ROOT);
        Long unit = HUMANIZE_UNITS.get(unitName);
        if (unit == null) throw new FormatException("unhandled size name: " + unitName);
        double bytes = amount * unit;
        if (bytes >= 0x1p64) throw new FormatException("too large: " + s);
        return bytes >= 0x1p63 ? (long) (bytes - 0x1p63) + Long.MIN_VALUE : (long) bytes;
    }

    /** go-humanize's {@code Bytes} of an unsigned 64-bit count: "9 B", "2.0 kB", "15 kB", "1.5 MB". */
    public static String formatHumanized(long bytes) {
        double s = bytes >= 0 ? bytes : (double) (bytes >>> 1) * 2.0 + (bytes & 1);
        if (s < 10) return Long.toUnsignedString(bytes) + " B";
        // StrictMath follows fdlibm like Go's math.Log, so the unit boundaries fall where Go puts them.
        int e = (int) Math.floor(StrictMath.log(s) / StrictMath.log(1000));
        e = Math.min(e, HUMANIZE_SI_NAMES.length - 1);
        double value = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        // Go's %.Nf rounds the exact binary value half to even.
        return new BigDecimal(value).setScale(value < 10 ? 1 : 0, RoundingMode.HALF_EVEN).toPlainString()
                + " " + HUMANIZE_SI_NAMES[e];
    }

    /**
     * A non-negative size in Loki's configuration form: a number and an optional binary unit ("1048576", "256KB",
     * "256KiB", "3 megabytes"). Sigyn also accepts a decimal fraction ("1.5MB"), which Loki does not. The exception
     * message is the reason, for the caller to put in context.
     */
    public static long parseConfig(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("-")) throw new FormatException("must not be negative");
        if (s.startsWith("+")) s = s.substring(1);
        Matcher m = DATASIZE.matcher(s);
        Integer power = m.matches() ? DATASIZE_UNIT_POWERS.get(m.group(2)) : null;
        if (power == null) {
            throw new FormatException("expected a byte size such as 1048576, 256KB or 1.5MB"
                    + " (units: B, KB, MB, GB, TB, PB, EB, also KiB, MiB...)");
        }
        BigInteger bytes = new BigDecimal(m.group(1)).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(10 * power)))
                .toBigInteger();
        if (bytes.compareTo(MAX_LONG) > 0) throw new FormatException("size is too large");
        return bytes.longValueExact();
    }

    /** Loki's {@code flagext.ByteSize} printed: the largest binary unit that divides it ("3MB", "1500KB", "0B"). */
    public static String formatConfig(long bytes) {
        if (bytes == 0) return "0B";
        int power = 0;
        while (power < DATASIZE_NAMES.length - 1 && bytes % (1L << (10 * (power + 1))) == 0) power++;
        return (bytes >> (10 * power)) + DATASIZE_NAMES[power];
    }

    private static Map<String, Long> humanizeUnits() {
        Map<String, Long> units = new HashMap<>();
        units.put("", 1L);
        units.put("b", 1L);
        String letters = "kmgtpe";
        long si = 1;
        for (int i = 0; i < letters.length(); i++) {
            String letter = letters.substring(i, i + 1);
            si *= 1000;
            long iec = 1L << (10 * (i + 1));
            units.put(letter, si);
            units.put(letter + "b", si);
            units.put(letter + "i", iec);
            units.put(letter + "ib", iec);
        }
        return Map.copyOf(units);
    }

    private static Map<String, Integer> datasizeUnitPowers() {
        Map<String, Integer> powers = new HashMap<>();
        for (String u : new String[] {"", "b", "byte", "bytes"}) powers.put(u, 0);
        String[][] names = {{"k", "kilo"}, {"m", "mega"}, {"g", "giga"}, {"t", "tera"}, {"p", "peta"}, {"e", "exa"}};
        for (int i = 0; i < names.length; i++) {
            String letter = names[i][0];
            String word = names[i][1];
            for (String u : new String[] {letter, letter + "b", letter + "ib", word, word + "byte", word + "bytes"}) {
                powers.put(u, i + 1);
            }
        }
        return Map.copyOf(powers);
    }
}
