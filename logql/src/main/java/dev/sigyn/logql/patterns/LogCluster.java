package dev.sigyn.logql.patterns;

import java.util.TreeMap;

/**
 * One Drain cluster: its template (tokens, with {@code <_>} where its lines differ), the spacing of its first line,
 * and how many lines it took in each time bucket.
 */
final class LogCluster {
    final int id;
    final String[] tokens;
    private final int[] spaces;
    /** Bucket start (Unix nanoseconds) to line count. */
    private final TreeMap<Long, long[]> counts = new TreeMap<>();

    LogCluster(int id, String[] tokens, int[] spaces) {
        this.id = id;
        this.tokens = tokens;
        this.spaces = spaces;
    }

    /** Turns every token where the line differs from the template into a placeholder. */
    void generalise(String[] line) {
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals(line[i])) tokens[i] = Drain.PLACEHOLDER;
        }
    }

    void count(long bucketStartNanos) {
        counts.computeIfAbsent(bucketStartNanos, k -> new long[1])[0]++;
    }

    String pattern(LineFormat format) {
        return format.pattern(tokens, spaces);
    }

    TreeMap<Long, long[]> counts() {
        return counts;
    }
}
