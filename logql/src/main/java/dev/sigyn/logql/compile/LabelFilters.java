package dev.sigyn.logql.compile;

import dev.sigyn.logql.filter.InvalidFilterException;
import dev.sigyn.logql.pipeline.Comparison;
import dev.sigyn.logql.pipeline.LabelFilter;
import dev.sigyn.logql.syntax.LabelFilterExpr;
import dev.sigyn.logql.syntax.ParseException;

import java.util.Collection;

/** Label filter expressions as pipeline label filters. */
final class LabelFilters {
    private LabelFilters() {
    }

    static LabelFilter compile(LabelFilterExpr expr) {
        return switch (expr) {
            case LabelFilterExpr.And and -> LabelFilter.and(compile(and.left()), compile(and.right()));
            case LabelFilterExpr.Or or -> LabelFilter.or(compile(or.left()), compile(or.right()));
            case LabelFilterExpr.Match m -> LabelFilter.matcher(m.matcher());
            case LabelFilterExpr.Ip ip -> {
                try {
                    yield LabelFilter.ip(ip.name(), !ip.equal(), ip.pattern());
                } catch (InvalidFilterException e) {
                    throw new ParseException(e.getMessage(), ip.pos());
                }
            }
            case LabelFilterExpr.Number n -> LabelFilter.number(n.name(), comparison(n.cmp()), n.value());
            case LabelFilterExpr.Duration d -> LabelFilter.duration(d.name(), comparison(d.cmp()), d.nanos());
            case LabelFilterExpr.Bytes b ->
                    LabelFilter.bytes(b.name(), comparison(b.cmp()), FrontendBytes.asRun(b.bytes()));
        };
    }

    /** Adds the label names the filter reads to {@code names}. */
    static void names(LabelFilterExpr expr, Collection<String> names) {
        switch (expr) {
            case LabelFilterExpr.And and -> {
                names(and.left(), names);
                names(and.right(), names);
            }
            case LabelFilterExpr.Or or -> {
                names(or.left(), names);
                names(or.right(), names);
            }
            case LabelFilterExpr.Match m -> names.add(m.matcher().name());
            case LabelFilterExpr.Ip ip -> names.add(ip.name());
            case LabelFilterExpr.Number n -> names.add(n.name());
            case LabelFilterExpr.Duration d -> names.add(d.name());
            case LabelFilterExpr.Bytes b -> names.add(b.name());
        }
    }

    private static Comparison comparison(LabelFilterExpr.Cmp cmp) {
        return switch (cmp) {
            case GT -> Comparison.GT;
            case GTE -> Comparison.GTE;
            case LT -> Comparison.LT;
            case LTE -> Comparison.LTE;
            case EQ -> Comparison.EQ;
            case NEQ -> Comparison.NEQ;
        };
    }
}
