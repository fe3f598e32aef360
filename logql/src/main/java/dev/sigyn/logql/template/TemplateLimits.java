package dev.sigyn.logql.template;

/**
 * How long a string a template may build for one line: no value it computes, and not its output, may be longer than
 * the line plus {@link #MAX_GROWTH} characters. Functions whose result grows with an argument ({@code repeat},
 * {@code indent}, {@code printf} widths...) check that arithmetically before they allocate; the executor checks the
 * other results, which are at most a small multiple of their arguments, and every piece of output before appending it.
 */
public final class TemplateLimits {
    /**
     * What a template may add to the line it formats, in characters (1 MiB for ASCII text). Templates rearrange,
     * quote, pad and decorate lines, which stays far below this; a template that multiplies its line instead
     * ({@code repeat 100000}, a width of millions, nested repeats) would take the server's heap for one query.
     */
    public static final int MAX_GROWTH = 1 << 20;

    /** The limit as messages name it. */
    public static final String LIMIT_NAME = "the formatted line's length plus 1 MiB";

    /**
     * How many steps a template may run for one line, besides one per four characters of the line. A step is an
     * action, a piece of text or a range iteration; a function call counts {@link #CALL_STEPS} more, and one more for
     * every {@link #CHARS_PER_STEP} characters of the strings it is given. Templates walk a line's labels or a parsed
     * JSON value and call a few functions on the line, a few thousand steps at most; nested {@code range}s over the
     * labels multiply (ten labels, eight levels: 10^8 iterations), and calls inside them repeat their work on each
     * iteration, without writing anything the length limit would catch.
     */
    public static final int MAX_STEPS = 100_000;

    /** What a function call counts besides its arguments: it builds its arguments and result. */
    static final int CALL_STEPS = 16;

    /** Characters of a call's string arguments that count one step: the call reads them, and may copy them. */
    static final int CHARS_PER_STEP = 16;

    /** How many strings of the longest length (see {@link #maxLength}) a template's calls may return for one line. */
    static final int LONGEST_RESULTS = 4;

    private TemplateLimits() {
    }

    /** The longest string a template may compute or write while formatting {@code line}. */
    public static long maxLength(String line) {
        return (line == null ? 0L : line.length()) + MAX_GROWTH;
    }

    static long maxLength(TemplateContext ctx) {
        return maxLength(ctx.line());
    }

    /**
     * How many steps a template may run while formatting {@code line}: {@link #MAX_STEPS} plus one per four
     * characters, so that calls may read a long line {@code CHARS_PER_STEP / 4} times over, however long it is.
     */
    public static long maxSteps(String line) {
        return MAX_STEPS + (line == null ? 0 : line.length()) / 4;
    }

    /** How many characters the strings a template's calls return may add up to while formatting {@code line}. */
    public static long maxBuilt(String line) {
        return LONGEST_RESULTS * maxLength(line);
    }

    /** Throws {@link Exceeded} when {@code length} characters would pass {@code maxLength}. */
    static void require(long length, long maxLength) {
        if (length > maxLength) throw new Exceeded(null);
    }

    /** {@code count * each}, or {@link Long#MAX_VALUE} when that overflows: compared with a limit, never allocated. */
    static long times(long count, long each) {
        if (count <= 0 || each <= 0) return 0;
        return count > Long.MAX_VALUE / each ? Long.MAX_VALUE : count * each;
    }

    /** {@code a + b} for non-negative values, saturating like {@link #times}. */
    static long plus(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /**
     * A template did more work for one line than {@link #maxSteps} or {@link #maxBuilt} allow; {@link Template} fails
     * the query with it.
     */
    static final class TooMuchWork extends RuntimeException {
        /** What it did too much of, e.g. "runs more than 100000 steps". */
        private final String what;

        private TooMuchWork(String what) {
            super(null, null, false, false);
            this.what = what;
        }

        static TooMuchWork steps(long maxSteps) {
            return new TooMuchWork("runs more than " + maxSteps + " steps");
        }

        static TooMuchWork built(long maxBuilt) {
            return new TooMuchWork("functions return more than " + maxBuilt + " characters");
        }

        String message(String stage) {
            return stage + " template " + what + " for one line";
        }
    }

    /**
     * A template passed the limit; {@link Template} turns it into a {@link dev.sigyn.logql.LimitExceededException},
     * which fails the query rather than marking the line with {@code __error__}.
     */
    static final class Exceeded extends RuntimeException {
        /** The function whose value was too long, or null for the template's output. */
        final String function;

        Exceeded(String function) {
            super(null, null, false, false);
            this.function = function;
        }

        /** This exception, naming {@code function} unless an inner call already named its own. */
        Exceeded in(String function) {
            return this.function != null ? this : new Exceeded(function);
        }

        String message(String stage) {
            String in = function == null ? "" : " (in " + function + ")";
            return stage + " template output exceeds " + LIMIT_NAME + in;
        }
    }
}
