package dev.sigyn.logql.compile;

import dev.sigyn.logql.pipeline.GoValues;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Loki 2.9's query frontend re-prints every query before the querier runs it, and a bytes label filter is printed
 * with go-humanize's {@code Bytes}: base 1000, at most one decimal. {@code bytes < 2KiB} thus runs as
 * {@code bytes < 2.0 kB}, i.e. 2000. The compiler applies the same round trip so answers match Loki's.
 */
final class FrontendBytes {
    private static final String[] SIZES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private FrontendBytes() {
    }

    /** The bound the querier ends up comparing with, for a literal of {@code bytes} (an unsigned 64-bit number). */
    static long asRun(long bytes) {
        return GoValues.parseBytes(humanize(bytes));
    }

    /** go-humanize {@code Bytes}: "9 B", "2.0 kB", "15 kB", "1.5 MB". */
    static String humanize(long bytes) {
        double s = bytes >= 0 ? bytes : (double) (bytes >>> 1) * 2.0 + (bytes & 1);
        if (s < 10) return bytes + " B";
        // StrictMath follows fdlibm like Go's math.Log, so the unit boundaries fall where Go puts them.
        int e = (int) Math.floor(StrictMath.log(s) / StrictMath.log(1000));
        e = Math.min(e, SIZES.length - 1);
        double val = Math.floor(s / Math.pow(1000, e) * 10 + 0.5) / 10;
        // Go's %f rounds the exact binary value half-to-even.
        int decimals = val < 10 ? 1 : 0;
        return new BigDecimal(val).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + " " + SIZES[e];
    }
}
