package dev.sigyn.ruler.rules;

import java.util.Map;

/** One rule of a group: an alert or a recording. Its {@code expr} is a LogQL metric query. */
public sealed interface Rule permits AlertingRule, RecordingRule {
    /** The alert's name or the recorded metric's name: what error messages call the rule. */
    String name();

    String expr();

    /** Labels added to the alerts or series the rule produces, sorted by name. */
    Map<String, String> labels();
}
