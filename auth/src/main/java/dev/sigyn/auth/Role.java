package dev.sigyn.auth;

import java.util.Locale;

/** What a grant allows in its tenant. */
public enum Role {
    /** Push lines ({@code /loki/api/v1/push}, OTLP, the legacy push). */
    PUSH,
    /** Every read endpoint: queries, labels, series, stats, Drilldown's, tail. */
    READ,
    /** The delete API. */
    DELETE,
    /** The ruler's API. */
    RULES,
    /** {@code /flush}, {@code /config}, the compactor's and every other operations endpoint. */
    ADMIN;

    /** The role of a configuration name ({@code push}, {@code read}, ...). */
    public static Role named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
