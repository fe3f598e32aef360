package dev.sigyn.logql.pipeline;

import dev.sigyn.format.ByteSizes;
import dev.sigyn.format.Durations;
import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoFloats;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.filter.LineFilters;

import java.nio.charset.StandardCharsets;

/**
 * A label filter stage ({@code | status >= 500 and level="error"}), with Loki 2.9's semantics:
 * <ul>
 *   <li>string matchers compare the label's value ("" when absent); a matcher on {@code __error__} reads the
 *       line's error;</li>
 *   <li>numeric, duration, bytes and ip() filters drop a line that lacks the label; a value that does not convert
 *       keeps the line and sets {@code __error__=LabelFilterErr} (details: Go's error text); once a line has an
 *       error, these filters pass it untouched, so that only a filter on {@code __error__} decides about it.</li>
 * </ul>
 */
public sealed interface LabelFilter extends Stage {

    static LabelFilter matcher(LabelMatcher matcher) {
        return new StringMatch(matcher);
    }

    static LabelFilter number(String name, Comparison op, double value) {
        return new Numeric(name, op, value);
    }

    static LabelFilter duration(String name, Comparison op, long nanos) {
        return new Duration(name, op, nanos);
    }

    static LabelFilter bytes(String name, Comparison op, long bytes) {
        return new Bytes(name, op, bytes);
    }

    /**
     * {@code name = ip("pattern")} (or {@code !=} when {@code negated}): the value holds an address equal to, or
     * inside the CIDR or range of, the pattern. Throws {@link dev.sigyn.logql.filter.InvalidFilterException} for an invalid pattern.
     */
    static LabelFilter ip(String name, boolean negated, String pattern) {
        return new Ip(name, negated, pattern, LineFilters.ip(pattern));
    }

    static LabelFilter and(LabelFilter left, LabelFilter right) {
        return new And(left, right);
    }

    static LabelFilter or(LabelFilter left, LabelFilter right) {
        return new Or(left, right);
    }

    record StringMatch(LabelMatcher matcher) implements LabelFilter {
        @Override
        public boolean process(long ts, LineBuffer line, LabelsBuilder labels) {
            String name = matcher.name();
            return matcher.matches(name.equals(LabelsBuilder.ERROR_LABEL) ? labels.error() : labels.get(name));
        }
    }

    /**
     * The rule shared by numeric, duration and bytes filters: a line with an error passes untouched, a line without
     * the label is dropped, and a value that does not convert keeps the line with {@code __error__=LabelFilterErr}.
     */
    sealed interface Typed extends LabelFilter {
        String name();

        /** Compares the converted value; throws a FormatException when the value does not convert. */
        boolean test(String value);

        @Override
        default boolean process(long ts, LineBuffer line, LabelsBuilder labels) {
            if (labels.hasError()) return true;
            String v = labels.get(name());
            if (v == null) return false;
            try {
                return test(v);
            } catch (FormatException e) {
                labels.setError(ErrorNames.LABEL_FILTER, e.getMessage());
                return true;
            }
        }
    }

    record Numeric(String name, Comparison op, double value) implements Typed {
        @Override
        public boolean test(String v) {
            return op.test(GoFloats.parse(v), value);
        }
    }

    record Duration(String name, Comparison op, long nanos) implements Typed {
        @Override
        public boolean test(String v) {
            return op.test(Durations.parseGo(v), nanos);
        }
    }

    record Bytes(String name, Comparison op, long bytes) implements Typed {
        @Override
        public boolean test(String v) {
            return op.testUnsigned(ByteSizes.parseHumanized(v), bytes);
        }
    }

    record Ip(String name, boolean negated, String pattern, LineFilter filter) implements LabelFilter {
        @Override
        public boolean process(long ts, LineBuffer line, LabelsBuilder labels) {
            if (labels.hasError()) return true;
            String v = labels.get(name);
            if (v == null) return false;
            return negated != filter.test(v.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Both must pass; the right side runs even when the left one fails, as its errors show up in Loki. */
    record And(LabelFilter left, LabelFilter right) implements LabelFilter {
        @Override
        public boolean process(long ts, LineBuffer line, LabelsBuilder labels) {
            boolean l = left.process(ts, line, labels);
            boolean r = right.process(ts, line, labels);
            return l && r;
        }
    }

    /** Either passes; the right side runs only when the left one fails. */
    record Or(LabelFilter left, LabelFilter right) implements LabelFilter {
        @Override
        public boolean process(long ts, LineBuffer line, LabelsBuilder labels) {
            return left.process(ts, line, labels) || right.process(ts, line, labels);
        }
    }
}
