package dev.sigyn.logql.patterns;

import java.util.List;

/**
 * A mined log pattern: the template text ({@code <_>} where lines differ; usable as a {@code |>} line filter), the
 * level of its lines, and its line counts per step, oldest first.
 */
public record LogPattern(String pattern, String level, List<Sample> samples) {
    public LogPattern {
        samples = List.copyOf(samples);
    }

    /** Lines of the pattern in the step starting at {@code timestampSeconds} (Unix seconds). */
    public record Sample(long timestampSeconds, long count) {}

    /** Lines of the pattern over all steps. */
    public long total() {
        long n = 0;
        for (Sample s : samples) n += s.count();
        return n;
    }
}
