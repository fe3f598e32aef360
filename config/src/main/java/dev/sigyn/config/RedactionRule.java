package dev.sigyn.config;

import java.util.List;

/**
 * One {@code limits_config.redaction} rule: what the distributor masks in a tenant's pushed lines, structured metadata
 * and (with {@code labels}) stream label values before anything is written. Either a built-in detector
 * ({@code builtin}, see {@link #BUILTINS}; {@code all} stands for every one of them) or a custom RE2
 * {@code pattern} with a {@code name}. The pattern is compiled (and refused when invalid) by the distributor.
 *
 * @param builtin     a detector of {@link #BUILTINS}, or "" for a custom pattern
 * @param name        what the rule is called in {@code [REDACTED:name]}, hashes and the metric; a builtin's own name
 *                    unless given
 * @param pattern     the RE2 pattern of a custom rule, "" for a builtin
 * @param replacement the text put in place of a match ({@code $1}, {@code ${name}} insert capture groups), "" for
 *                    {@code [REDACTED:name]}; only with {@link Action#REPLACE}
 * @param action      replace the value, or replace it with a keyed hash ({@code limits_config.redaction_hash_secret})
 * @param labels      whether the rule also applies to stream label values
 */
public record RedactionRule(String builtin, String name, String pattern, String replacement, Action action,
                            boolean labels) {
    /** The built-in detectors, in the order {@code builtin: all} applies them. */
    public static final List<String> BUILTINS = List.of("private_key", "jwt", "url_password", "aws_key", "gcp_key",
            "github_token", "slack_token", "password_kv", "payment_card", "email");
    /** Stands for every built-in detector. */
    public static final String ALL = "all";

    public enum Action {
        REPLACE, HASH;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RedactionRule {
        if (builtin.isEmpty() == pattern.isEmpty()) {
            throw new IllegalArgumentException("needs either builtin or pattern");
        }
        if (name.isEmpty() && !builtin.isEmpty() && !builtin.equals(ALL)) name = builtin;
        if (!builtin.isEmpty() && !builtin.equals(ALL) && !BUILTINS.contains(builtin)) {
            throw new IllegalArgumentException("unknown builtin " + builtin + " (expected " + ALL + ", "
                    + String.join(", ", BUILTINS) + ")");
        }
        if (builtin.equals(ALL) && !name.isEmpty()) {
            throw new IllegalArgumentException("builtin: all keeps each detector's own name; name is not allowed");
        }
        if (!builtin.equals(ALL) && !name.matches("[a-z0-9_]{1,64}")) {
            throw new IllegalArgumentException(name.isEmpty() ? "a pattern rule needs a name"
                    : "name " + name + " must be 1 to 64 lowercase letters, digits or '_'");
        }
        if (action == Action.HASH && !replacement.isEmpty()) {
            throw new IllegalArgumentException("replacement applies to action: replace only");
        }
    }

    /** A built-in detector with its defaults: replaced by {@code [REDACTED:name]}, label values left alone. */
    public static RedactionRule builtin(String detector) {
        return new RedactionRule(detector, "", "", "", Action.REPLACE, false);
    }

    /** A custom RE2 pattern whose matches become {@code replacement}. */
    public static RedactionRule pattern(String name, String pattern, String replacement) {
        return new RedactionRule("", name, pattern, replacement, Action.REPLACE, false);
    }

    public RedactionRule withAction(Action action) {
        return new RedactionRule(builtin, builtin.equals(name) ? "" : name, pattern, replacement, action, labels);
    }

    public RedactionRule withLabels(boolean labels) {
        return new RedactionRule(builtin, builtin.equals(name) ? "" : name, pattern, replacement, action, labels);
    }
}
