package dev.sigyn.logql;

/**
 * Decides on a log line's UTF-8 bytes whether it passes; implementations must not allocate per line where they
 * can avoid it. {@link #ALL} passes everything.
 */
@FunctionalInterface
public interface LineFilter {
    LineFilter ALL = (buf, off, len) -> true;

    boolean test(byte[] buf, int off, int len);

    default boolean test(byte[] line) {
        return test(line, 0, line.length);
    }
}
