package dev.sigyn.ruler.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Groups and rules as decoded, before validation: a rule may still have both {@code alert} and {@code record}, or
 * a recording rule a {@code for}, so that {@link RuleValidator} can say what is wrong with it.
 */
final class RuleNodes {
    private RuleNodes() {}

    record GroupNode(String name, Duration interval, int limit, List<RuleNode> rules) {}

    /** Empty strings and zero durations stand for absent keys, as in Prometheus' rulefmt. */
    record RuleNode(String record, String alert, String expr, Duration forDuration, Duration keepFiringFor,
                    Map<String, String> labels, Map<String, String> annotations) {
        /** What error messages call the rule: its alert, else its record. */
        String name() {
            return alert.isEmpty() ? record : alert;
        }
    }
}
