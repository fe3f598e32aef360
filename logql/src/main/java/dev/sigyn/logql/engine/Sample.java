package dev.sigyn.logql.engine;

/** One value at one instant: an extracted sample of a log line, or a point of a result series. */
public record Sample(long tsNanos, double value) {
}
