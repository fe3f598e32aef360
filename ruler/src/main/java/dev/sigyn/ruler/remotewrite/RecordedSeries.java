package dev.sigyn.ruler.remotewrite;

import java.util.Map;

/**
 * One sample a recording rule produced.
 *
 * @param labels the rule's labels plus the series', including {@code __name__} (the rule's record name)
 * @param timestampMs the evaluation time, in Unix milliseconds
 * @param value the sample's value
 */
public record RecordedSeries(Map<String, String> labels, long timestampMs, double value) {
    public RecordedSeries {
        labels = Map.copyOf(labels);
        if (!labels.containsKey("__name__")) throw new IllegalArgumentException("recorded series without __name__");
    }
}
