package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LineFilter;
import dev.sigyn.logql.filter.InvalidFilterException;
import dev.sigyn.logql.filter.LineFilters;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns line-filter expressions into one byte-level {@link LineFilter}: filters are AND-ed; the alternatives of one
 * filter are OR-ed, and a negated operator keeps the lines that match none of them (De Morgan, as Loki).
 * An operand that does not compile throws {@link ParseException} pointing at it.
 */
public final class FilterCompiler {
    private FilterCompiler() {
    }

    /** All filters AND-ed; {@link LineFilter#ALL} for none. */
    public static LineFilter compile(List<LineFilterExpr> filters) {
        List<LineFilter> compiled = new ArrayList<>(filters.size());
        for (LineFilterExpr f : filters) compiled.add(compile(f));
        return LineFilters.allOf(compiled);
    }

    public static LineFilter compile(LineFilterExpr filter) {
        List<LineFilter> alternatives = new ArrayList<>();
        for (FilterArg arg : filter.alternatives()) alternatives.add(operand(filter.op(), arg));
        LineFilter any = LineFilters.anyOf(alternatives);
        return filter.op().negated() ? LineFilters.not(any) : any;
    }

    /** The positive filter for one operand. */
    private static LineFilter operand(LineFilterOp op, FilterArg arg) {
        try {
            return switch (arg) {
                case FilterArg.Text text -> {
                    if (op.isRegex()) yield LineFilters.regex(text.value());
                    if (op.isPattern()) yield LineFilters.pattern(text.value());
                    yield LineFilters.contains(text.value());
                }
                case FilterArg.Ip ip -> {
                    if (!op.isContains()) {
                        throw new ParseException("ip: invalid operation: ip() filters work only with |= and !=, not "
                                + op.symbol(), arg.pos());
                    }
                    yield LineFilters.ip(ip.pattern());
                }
            };
        } catch (InvalidFilterException e) {
            throw new ParseException(e.getMessage(), arg.pos());
        }
    }
}
