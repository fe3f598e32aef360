package dev.sigyn.logql.syntax;

import java.util.Locale;

/**
 * {@code count_over_time({app="web"}[5m])}, {@code quantile_over_time(0.99, {...} | unwrap x [5m]) by (a)}.
 *
 * @param op       the function
 * @param range    the log range it aggregates
 * @param param    φ of {@code quantile_over_time}, null for every other function
 * @param grouping {@code by}/{@code without}, or null when absent (only the unwrapped aggregations that keep
 *                 series apart allow one)
 * @param pos      where the function name is
 */
public record RangeAggregationExpr(Op op, LogRange range, Double param, Grouping grouping, Position pos)
        implements SampleExpr {

    public enum Op {
        COUNT_OVER_TIME, RATE, RATE_COUNTER, BYTES_OVER_TIME, BYTES_RATE, AVG_OVER_TIME, SUM_OVER_TIME,
        MIN_OVER_TIME, MAX_OVER_TIME, STDVAR_OVER_TIME, STDDEV_OVER_TIME, QUANTILE_OVER_TIME, FIRST_OVER_TIME,
        LAST_OVER_TIME, ABSENT_OVER_TIME;

        /** The function name as written in LogQL. */
        public String function() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
