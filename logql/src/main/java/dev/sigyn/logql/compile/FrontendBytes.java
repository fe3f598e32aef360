package dev.sigyn.logql.compile;

import dev.sigyn.format.ByteSizes;

/**
 * Loki 2.9's query frontend re-prints every query before the querier runs it, and a bytes label filter is printed
 * with go-humanize's {@code Bytes}: base 1000, at most one decimal. {@code bytes < 2KiB} thus runs as
 * {@code bytes < 2.0 kB}, i.e. 2000. The compiler applies the same round trip so answers match Loki's.
 */
final class FrontendBytes {
    private FrontendBytes() {
    }

    /** The bound the querier ends up comparing with, for a literal of {@code bytes} (an unsigned 64-bit number). */
    static long asRun(long bytes) {
        return ByteSizes.parseHumanized(ByteSizes.formatHumanized(bytes));
    }
}
