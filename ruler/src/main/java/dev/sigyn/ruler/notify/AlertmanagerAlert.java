package dev.sigyn.ruler.notify;

import dev.sigyn.ruler.alerting.Alert;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's API v2 takes it ({@code postableAlert}). As Prometheus sends them: startsAt is when
 * the alert fired, endsAt when it resolved, or for a firing alert how long it stays valid without a resend.
 */
public record AlertmanagerAlert(
        Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
        String generatorURL) {
    public AlertmanagerAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** @param generatorUrl a link back to the rule's expression, "" when there is none */
    public static AlertmanagerAlert of(Alert alert, String generatorUrl) {
        Instant end = alert.resolvedAt() != null ? alert.resolvedAt() : alert.validUntil();
        Instant start = alert.firedAt() != null ? alert.firedAt() : alert.activeAt();
        return new AlertmanagerAlert(alert.labels(), alert.annotations(), start, end, generatorUrl);
    }

    /** This alert with the external labels it does not have itself: the alert's own labels win, as in Prometheus. */
    AlertmanagerAlert withExternalLabels(Map<String, String> external) {
        if (external.isEmpty()) return this;
        Map<String, String> merged = new TreeMap<>(external);
        merged.putAll(labels);
        return new AlertmanagerAlert(merged, annotations, startsAt, endsAt, generatorURL);
    }
}
