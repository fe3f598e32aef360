package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;

/** A series reached a metric with an {@code __error__} label: Loki refuses to aggregate it (HTTP 400). */
public final class PipelineError extends EvaluationException {
    public PipelineError(Labels series) {
        super(message(series));
    }

    private static String message(Labels series) {
        String type = series.get(RangeAggregation.ERROR_LABEL);
        return "pipeline error: '" + type + "' for series: '" + series + "'.\n"
                + "Use a label filter to intentionally skip this error. (e.g | __error__!=\"" + type + "\").\n"
                + "To skip all potential errors you can match empty errors.(e.g __error__=\"\")\n"
                + "The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )\n";
    }
}
