package dev.sigyn.ruler.rules;

import java.util.Map;

/** {@code record:} rule: the query's result is kept as the series {@code record}. */
public record RecordingRule(String record, String expr, Map<String, String> labels) implements Rule {
    public RecordingRule {
        labels = AlertingRule.sorted(labels);
    }

    @Override
    public String name() {
        return record;
    }
}
