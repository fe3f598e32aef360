package dev.sigyn.ruler.alerting;

import java.util.Map;

/** One element of the instant vector an alerting rule's expression returned. */
public record Sample(Map<String, String> labels, double value) {
    public Sample {
        labels = Map.copyOf(labels);
    }
}
