package dev.sigyn.ruler.alerting;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the state machine needs of an alerting rule: its name, how long a series must be returned before it fires
 * ({@code for}), how long it keeps firing once it is no longer returned ({@code keep_firing_for}), and its label and
 * annotation templates.
 */
public record AlertRuleSpec(
        String name, Duration holdFor, Duration keepFiringFor, Map<String, String> labels,
        Map<String, String> annotations) {
    public AlertRuleSpec {
        Objects.requireNonNull(name);
        if (holdFor.isNegative() || keepFiringFor.isNegative()) {
            throw new IllegalArgumentException("for and keep_firing_for must not be negative");
        }
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
