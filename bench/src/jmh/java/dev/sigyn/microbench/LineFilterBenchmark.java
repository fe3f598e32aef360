package dev.sigyn.microbench;

import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.filter.LineFilters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Line filters on the bytes of every acme line (six line formats mixed): the literal and regex filters of the
 * benchmark query set. One operation filters all lines; {@code bytes} is log text per second.
 */
@State(Scope.Benchmark)
public class LineFilterBenchmark extends MicroBenchmark {

    @Param({"contains", "notContains", "regex", "regexCaseInsensitive"})
    public String filter;

    private byte[][] lines;
    private long lineBytes;
    private LineFilter compiled;

    @Setup
    public void setUp() {
        lines = BenchData.allLines();
        lineBytes = BenchData.bytes(lines);
        compiled = switch (filter) {
            case "contains" -> LineFilters.contains("error");                  // |= "error"
            case "notContains" -> LineFilters.not(LineFilters.contains("GET")); // != "GET"
            case "regex" -> LineFilters.regex("\" 5\\d\\d ");                   // |~ "\" 5\\d\\d "
            case "regexCaseInsensitive" -> LineFilters.regex("(?i)failed password for (root|admin|mallory)");
            default -> throw new IllegalArgumentException(filter);
        };
    }

    @Benchmark
    public int filter(LineBytes counter) {
        int kept = 0;
        for (byte[] line : lines) if (compiled.test(line, 0, line.length)) kept++;
        counter.bytes += lineBytes;
        return kept;
    }
}
