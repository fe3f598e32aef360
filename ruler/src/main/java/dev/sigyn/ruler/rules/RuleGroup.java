package dev.sigyn.ruler.rules;

import java.time.Duration;
import java.util.List;

/**
 * A group of rules evaluated together, in order, every {@code interval}.
 *
 * @param interval how often the group is evaluated; zero means {@code ruler.evaluation_interval}
 * @param limit    the most alerts or series one evaluation may produce; zero means no limit
 */
public record RuleGroup(String name, Duration interval, int limit, List<Rule> rules) {
    public RuleGroup {
        interval = interval == null ? Duration.ZERO : interval;
        rules = List.copyOf(rules);
    }
}
