package dev.sigyn.ruler.rules;

import java.util.List;

/**
 * Rules that cannot be taken: YAML that does not decode into rule groups ({@link Kind#UNDECODABLE}), or groups that
 * decode but break a rule ({@link Kind#INVALID}). Each problem names the group and rule it is about.
 */
public final class InvalidRulesException extends Exception {
    public enum Kind { UNDECODABLE, INVALID }

    private final Kind kind;
    private final List<String> problems;

    public InvalidRulesException(Kind kind, List<String> problems) {
        super(String.join(", ", problems));
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> problems() {
        return problems;
    }
}
