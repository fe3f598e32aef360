package dev.sigyn.logql.syntax;

import java.util.Locale;

/**
 * {@code sum by (app) (inner)}, {@code topk(3, inner)}; grouping written before or after the argument is the same.
 *
 * @param op       the aggregation
 * @param param    k of {@code topk}/{@code bottomk}/{@code approx_topk}, null for the others
 * @param grouping {@link Grouping#NONE} when absent
 * @param inner    the aggregated expression
 * @param pos      where the aggregation name is
 */
public record VectorAggregationExpr(Op op, Integer param, Grouping grouping, SampleExpr inner, Position pos)
        implements SampleExpr {

    public enum Op {
        SUM, AVG, MIN, MAX, COUNT, STDDEV, STDVAR, TOPK, BOTTOMK, APPROX_TOPK, SORT, SORT_DESC;

        /** The function name as written in LogQL. */
        public String function() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean takesParam() {
            return this == TOPK || this == BOTTOMK || this == APPROX_TOPK;
        }
    }
}
