package dev.sigyn.ruler.alerting;

import java.time.Instant;
import java.util.Map;

/**
 * One active alert's series and when it became active: what Prometheus keeps in {@code ALERTS_FOR_STATE} so that a
 * restart does not start the rule's {@code for} again. The caller persists a list of these and gives it back.
 */
public record ActiveSince(Map<String, String> labels, Instant activeAt) {
    public ActiveSince {
        labels = Map.copyOf(labels);
    }
}
