package dev.sigyn.logql.syntax;

/**
 * The argument of a range aggregation: {@code {app="web"} | json | unwrap latency [5m] offset 1h}.
 *
 * @param selector    the selector and its pipeline
 * @param rangeNanos  the window, in nanoseconds
 * @param offsetNanos the {@code offset}, in nanoseconds (0 when absent; may be negative)
 * @param unwrap      the unwrap, or null for aggregations over log lines
 * @param pos         where the selector starts
 */
public record LogRange(LogSelectorExpr selector, long rangeNanos, long offsetNanos, UnwrapExpr unwrap, Position pos) {
}
