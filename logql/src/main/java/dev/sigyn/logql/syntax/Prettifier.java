package dev.sigyn.logql.syntax;

import dev.sigyn.format.Durations;
import dev.sigyn.format.Quoting;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.Utf8;

/**
 * Pretty-prints a query for {@code /loki/api/v1/format_query}, by the same layout rules as Loki's formatter: an
 * expression whose one-line form fits in {@value #MAX_LINE} characters stays on one line; a longer one is split
 * into its parts, each on its own lines, indented two spaces per level. The output parses back to the same AST (a
 * split binary operation inside another keeps its parentheses so that precedence cannot regroup it).
 *
 * <p>Indentation grows with depth, so the output of a deeply nested query grows with the square of its depth: a 1 KB
 * chain of operators formatted to 198 KB, which the parser does not accept back (the deepest query it accepts would
 * format to about a megabyte). The output is therefore limited to the longest query the parser accepts, and a query
 * that would format to more fails with {@link LimitExceededException}, found before the deep levels are formatted.
 */
public final class Prettifier {
    static final int MAX_LINE = 100;
    static final int MAX_OUTPUT = Parser.MAX_INPUT_SIZE - 1;
    private static final String INDENT = "  ";

    private Prettifier() {
    }

    /** @throws LimitExceededException when the formatted query would be longer than the parser accepts */
    public static String pretty(Expr expr) {
        String out = pretty(expr, 0);
        if (Utf8.length(out) > MAX_OUTPUT) throw tooLong();
        return out;
    }

    private static LimitExceededException tooLong() {
        return new LimitExceededException("the formatted query would be longer than " + MAX_OUTPUT
                + " bytes, the longest query LogQL accepts");
    }

    /**
     * Every level from 0 to {@code level} starts at least one line with its indentation: when those alone pass the
     * limit, the query is refused before anything deeper is formatted (each level also prints its whole subtree to
     * measure it, so a deep query would otherwise take time that grows with the square of its length too).
     */
    private static void descend(int level) {
        if ((long) level * (level + 1) * INDENT.length() / 2 > MAX_OUTPUT) throw tooLong();
    }

    private static String pretty(Expr expr, int level) {
        descend(level);
        String flat = Printer.print(expr);
        if (flat.length() <= MAX_LINE) return indent(level) + flat;
        return switch (expr) {
            case LogSelectorExpr log -> logSelector(log, level);
            case RangeAggregationExpr r -> {
                StringBuilder sb = new StringBuilder(indent(level)).append(r.op().function()).append("(\n");
                if (r.param() != null) sb.append(indent(level + 1)).append(Printer.number(r.param())).append(",\n");
                sb.append(logRange(r.range(), level + 1)).append('\n').append(indent(level)).append(')');
                if (r.grouping() != null) sb.append(' ').append(Printer.grouping(r.grouping()));
                yield sb.toString();
            }
            case VectorAggregationExpr v -> {
                StringBuilder sb = new StringBuilder(indent(level)).append(v.op().function());
                if (!v.grouping().equals(Grouping.NONE)) sb.append(' ').append(Printer.grouping(v.grouping())).append(' ');
                sb.append("(\n");
                if (v.param() != null) sb.append(indent(level + 1)).append(v.param()).append(",\n");
                yield sb.append(pretty(v.inner(), level + 1)).append('\n').append(indent(level)).append(')').toString();
            }
            case BinaryOpExpr b -> binary(b, level);
            case LabelReplaceExpr l -> {
                StringBuilder sb = new StringBuilder(indent(level)).append("label_replace(\n");
                sb.append(pretty(l.inner(), level + 1));
                for (String arg : new String[]{l.destination(), l.replacement(), l.source(), l.regex()}) {
                    sb.append(",\n").append(indent(level + 1)).append(Quoting.quote(arg));
                }
                yield sb.append('\n').append(indent(level)).append(')').toString();
            }
            case LiteralExpr l -> indent(level) + flat;
            case VectorExpr v -> indent(level) + flat;
        };
    }

    /** Split: {@code lhs}, the operator on its own line, {@code rhs}; operands that are binary operations keep parentheses. */
    private static String binary(BinaryOpExpr b, int level) {
        descend(level);
        return operand(b.lhs(), level + 1) + '\n' + indent(level) + Printer.operator(b) + '\n' + operand(b.rhs(), level + 1);
    }

    private static String operand(SampleExpr e, int level) {
        descend(level);
        if (e instanceof BinaryOpExpr inner && Printer.print(inner).length() > MAX_LINE) {
            return indent(level) + "(\n" + binary(inner, level + 1) + '\n' + indent(level) + ')';
        }
        return pretty(e, level);
    }

    /** The selector on the first line, then one stage per line, one level deeper. */
    private static String logSelector(LogSelectorExpr log, int level) {
        StringBuilder sb = new StringBuilder(indent(level)).append(Printer.selector(log.matchers()));
        for (StageExpr stage : log.stages()) sb.append('\n').append(indent(level + 1)).append(Printer.print(stage));
        return sb.toString();
    }

    private static String logRange(LogRange range, int level) {
        String selector = Printer.print(range.selector());
        StringBuilder sb = new StringBuilder();
        boolean splitSelector = (indent(level) + selector).length() > MAX_LINE;
        sb.append(splitSelector ? logSelector(range.selector(), level) : indent(level) + selector);
        if (range.unwrap() != null) sb.append('\n').append(indent(level + 1)).append(Printer.unwrap(range.unwrap()));
        sb.append(" [").append(Durations.formatPrometheus(range.rangeNanos())).append(']');
        if (range.offsetNanos() != 0) sb.append(" offset ").append(Units.formatDuration(range.offsetNanos()));
        return sb.toString();
    }

    private static String indent(int level) {
        return INDENT.repeat(level);
    }
}
