package dev.sigyn.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The machine-readable end of a run: one {@code figure NAME VALUE} line per measured figure, in the order they were
 * measured, so that two runs can be compared line by line or with {@code sigyn-bench compare}.
 */
final class Figures {
    private static final String PREFIX = "figure ";
    private final Map<String, Double> values = new LinkedHashMap<>();

    void put(String name, double value) {
        values.put(name, value);
    }

    Map<String, Double> values() {
        return values;
    }

    void print(PrintStream out) {
        values.forEach((name, value) -> out.println(PREFIX + name + " " + format(value)));
    }

    /** Whole numbers from 1000 up, otherwise four significant digits, never in exponent notation. */
    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "NaN";
        if (Math.abs(v) >= 1000 || v == Math.rint(v)) return Long.toString(Math.round(v));
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The figure lines of a saved run's output. */
    static Map<String, Double> parse(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith(PREFIX)) continue;
            String[] parts = line.substring(PREFIX.length()).trim().split("\\s+");
            if (parts.length == 2) out.put(parts[0], Double.parseDouble(parts[1]));
        }
        return out;
    }

    /** A table of every figure in either run, with b / a. */
    static void compare(Map<String, Double> a, Map<String, Double> b, PrintStream out) {
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        out.printf(Locale.ROOT, "%-32s %14s %14s %8s%n", "figure", "a", "b", "b/a");
        for (String name : names) {
            Double x = a.get(name);
            Double y = b.get(name);
            String ratio = x != null && y != null && x != 0 ? String.format(Locale.ROOT, "%.2f", y / x) : "-";
            out.printf(Locale.ROOT, "%-32s %14s %14s %8s%n", name, x == null ? "-" : format(x), y == null ? "-" : format(y), ratio);
        }
    }
}
