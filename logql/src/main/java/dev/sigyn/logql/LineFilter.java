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

    /**
     * Byte sequences every passing line contains, compared exactly (empty when nothing is known). A reader may skip
     * lines lacking one of them without calling {@link #test}, for instance after searching a whole block of lines
     * at once; lines that hold them all still go through {@link #test}.
     */
    default java.util.List<byte[]> requiredLiterals() {
        return java.util.List.of();
    }
}
