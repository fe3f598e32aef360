package dev.sigyn.ruler.alerting;

import java.time.Instant;
import java.util.Map;

/**
 * One series of an alerting rule as it stands after an evaluation. Times that have not happened are null:
 * {@code firedAt} until it fires, {@code resolvedAt} until it resolves, {@code lastSentAt} until it is first sent.
 * {@code validUntil} is the {@code endsAt} a firing alert is sent with, so that Alertmanager resolves it by itself when
 * the ruler stops sending (Prometheus: four resend periods).
 */
public record Alert(
        Map<String, String> labels,
        Map<String, String> annotations,
        AlertState state,
        double value,
        Instant activeAt,
        Instant firedAt,
        Instant resolvedAt,
        Instant lastSentAt,
        Instant validUntil) {
    public Alert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
