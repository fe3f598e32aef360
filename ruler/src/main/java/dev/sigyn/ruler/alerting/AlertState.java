package dev.sigyn.ruler.alerting;

/** Where one series of an alerting rule is, as Prometheus names it. */
public enum AlertState {
    /** Resolved: kept a while so that Alertmanager hears it is over. */
    INACTIVE,
    /** The expression returns the series, but not yet for the rule's {@code for}. */
    PENDING,
    FIRING;

    /** The name Prometheus' API and the {@code ALERTS} series use. */
    public String promName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
