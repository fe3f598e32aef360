package dev.sigyn.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as Loki reads and prints them ({@code flagext.ByteSize}): a number with an optional unit whose
 * multiples are powers of 1024 ("256KB" = "256KiB" = 262144, "3MB" = 3145728). Sigyn also accepts a decimal
 * fraction ("1.5MB"), which Loki does not.
 */
final class ByteSizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Integer> UNIT_POWER = unitPowers();
    private static final String[] PRINT_UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ByteSizes() {}

    /** Parses a non-negative byte size; the exception message is the reason, for the caller to put in context. */
    static long parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("-")) throw new IllegalArgumentException("must not be negative");
        if (s.startsWith("+")) s = s.substring(1);
        Matcher m = SIZE.matcher(s);
        Integer power = m.matches() ? UNIT_POWER.get(m.group(2)) : null;
        if (power == null) {
            throw new IllegalArgumentException("expected a byte size such as 1048576, 256KB or 1.5MB"
                    + " (units: B, KB, MB, GB, TB, PB, EB, also KiB, MiB...)");
        }
        BigInteger bytes = new BigDecimal(m.group(1)).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(10 * power)))
                .toBigInteger();
        if (bytes.compareTo(MAX) > 0) throw new IllegalArgumentException("size is too large");
        return bytes.longValueExact();
    }

    /** Loki's printed form: the largest unit that divides the size exactly ("256KB", "3MB", "1000B", "0B"). */
    static String format(long bytes) {
        if (bytes == 0) return "0B";
        int power = 0;
        while (power < PRINT_UNITS.length - 1 && bytes % (1L << (10 * (power + 1))) == 0) power++;
        return (bytes >> (10 * power)) + PRINT_UNITS[power];
    }

    private static Map<String, Integer> unitPowers() {
        var powers = new java.util.HashMap<String, Integer>();
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
