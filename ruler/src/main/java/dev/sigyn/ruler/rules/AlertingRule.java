package dev.sigyn.ruler.rules;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code alert:} rule. Zero durations mean the key is absent, as in Prometheus.
 *
 * @param forDuration   {@code for}: how long the condition must hold before the alert fires (pending until then)
 * @param keepFiringFor {@code keep_firing_for}: how long the alert keeps firing after the condition stops holding
 */
public record AlertingRule(String alert, String expr, Duration forDuration, Duration keepFiringFor,
                           Map<String, String> labels, Map<String, String> annotations) implements Rule {
    public AlertingRule {
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        keepFiringFor = keepFiringFor == null ? Duration.ZERO : keepFiringFor;
        labels = sorted(labels);
        annotations = sorted(annotations);
    }

    @Override
    public String name() {
        return alert;
    }

    static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
