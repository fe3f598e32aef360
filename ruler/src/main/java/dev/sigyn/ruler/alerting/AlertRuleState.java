package dev.sigyn.ruler.alerting;

import dev.sigyn.logql.template.TemplateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts of one alerting rule, moved between states by each evaluation as Prometheus does: a series the
 * expression returns is PENDING, then FIRING once returned for the rule's {@code for}; when no longer returned a
 * firing alert keeps firing for {@code keep_firing_for}, then is INACTIVE (resolved) and kept for
 * {@link #RESOLVED_RETENTION} so that it is sent as resolved; a pending one is dropped at once.
 *
 * <p>Not thread-safe: one rule is evaluated by one thread at a time.
 */
public final class AlertRuleState {
    /** How long a resolved alert is kept and re-sent as resolved (Prometheus' resolvedRetention). */
    public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

    private final AlertRuleSpec rule;
    private final AlertTemplates templates;
    /** Keyed by the alert's full labels (series labels, rule labels, alertname). */
    private final Map<Map<String, String>, Entry> active = new HashMap<>();
    /** activeAt of alerts before a restart, used once by the next evaluation; see {@link #restore}. */
    private Map<Map<String, String>, Instant> restored = Map.of();

    /** The mutable state of one alert; {@link Alert} is its snapshot. */
    private static final class Entry {
        Map<String, String> labels;
        Map<String, String> annotations;
        AlertState state;
        double value;
        Instant activeAt;
        Instant firedAt;
        Instant resolvedAt;
        Instant lastSentAt;
        Instant validUntil;
        Instant keepFiringSince;

        Alert snapshot() {
            return new Alert(labels, annotations, state, value, activeAt, firedAt, resolvedAt, lastSentAt, validUntil);
        }
    }

    /** @throws TemplateException when a label or annotation template does not parse */
    public AlertRuleState(AlertRuleSpec rule, Map<String, String> externalLabels, String externalUrl)
            throws TemplateException {
        this.rule = rule;
        this.templates = AlertTemplates.parse(rule, externalLabels, externalUrl);
    }

    public AlertRuleSpec rule() {
        return rule;
    }

    /**
     * Applies one evaluation's result at {@code ts}.
     *
     * @throws DuplicateAlertException when two series have the same labels after the rule's labels are applied; the
     *         state is then left as it was
     */
    public void evaluate(Instant ts, List<Sample> result) throws DuplicateAlertException {
        Map<Map<String, String>, Sample> current = new HashMap<>();
        Map<Map<String, String>, Map<String, String>> annotations = new HashMap<>();
        for (Sample s : result) {
            Map<String, String> labels = alertLabels(s);
            if (current.put(labels, s) != null) throw new DuplicateAlertException(rule.name());
            annotations.put(labels, templates.annotations(s));
        }
        for (var e : current.entrySet()) {
            Entry a = active.get(e.getKey());
            if (a != null && a.state != AlertState.INACTIVE) {
                a.value = e.getValue().value();
                a.annotations = annotations.get(e.getKey());
                continue;
            }
            // A series back after it resolved starts again as a new alert, as in Prometheus.
            a = new Entry();
            a.labels = e.getKey();
            a.annotations = annotations.get(e.getKey());
            a.state = AlertState.PENDING;
            a.value = e.getValue().value();
            Instant before = restored.get(e.getKey());
            a.activeAt = before != null && before.isBefore(ts) ? before : ts;
            active.put(e.getKey(), a);
        }
        restored = Map.of();
        active.values().removeIf(a -> !current.containsKey(a.labels) && absent(a, ts));
        for (Entry a : active.values()) {
            if (!current.containsKey(a.labels)) continue;
            a.keepFiringSince = null;
            if (a.state == AlertState.PENDING && !Duration.between(a.activeAt, ts).minus(rule.holdFor()).isNegative()) {
                a.state = AlertState.FIRING;
                a.firedAt = ts;
            }
        }
    }

    /** Updates an alert whose series the evaluation did not return; true when it is to be forgotten. */
    private boolean absent(Entry a, Instant ts) {
        if (a.state == AlertState.FIRING && rule.keepFiringFor().isPositive()) {
            if (a.keepFiringSince == null) a.keepFiringSince = ts;
            if (Duration.between(a.keepFiringSince, ts).compareTo(rule.keepFiringFor()) < 0) return false;
        }
        if (a.state == AlertState.PENDING) return true;
        if (a.resolvedAt != null && Duration.between(a.resolvedAt, ts).compareTo(RESOLVED_RETENTION) > 0) return true;
        if (a.state != AlertState.INACTIVE) {
            a.state = AlertState.INACTIVE;
            a.resolvedAt = ts;
        }
        return false;
    }

    /** The series' labels without {@code __name__}, the rule's labels over them, and {@code alertname}. */
    private Map<String, String> alertLabels(Sample s) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.remove("__name__");
        labels.putAll(templates.labels(s));
        labels.put("alertname", rule.name());
        return Map.copyOf(labels);
    }

    /**
     * The alerts to send to Alertmanager after the evaluation at {@code ts}, marked as sent: firing ones not sent for
     * {@code resendDelay}, and ones resolved since they were last sent (Prometheus' needsSending). Pending alerts are
     * never sent. A firing alert is valid for four times the longer of {@code resendDelay} and the rule's evaluation
     * {@code interval}, so that two missed evaluations or sends do not resolve it.
     */
    public List<Alert> alertsToSend(Instant ts, Duration resendDelay, Duration interval) {
        Duration delta = interval.compareTo(resendDelay) > 0 ? interval : resendDelay;
        List<Alert> due = new ArrayList<>();
        for (Entry a : active.values()) {
            if (!needsSending(a, ts, resendDelay)) continue;
            a.lastSentAt = ts;
            a.validUntil = ts.plus(delta.multipliedBy(4));
            due.add(a.snapshot());
        }
        due.sort(BY_LABELS);
        return due;
    }

    private static boolean needsSending(Entry a, Instant ts, Duration resendDelay) {
        if (a.state == AlertState.PENDING) return false;
        if (a.lastSentAt == null) return true;
        if (a.resolvedAt != null && a.resolvedAt.isAfter(a.lastSentAt)) return true;
        return a.lastSentAt.plus(resendDelay).isBefore(ts);
    }

    /** Every alert the rule holds, pending, firing and recently resolved, in the order of their labels. */
    public List<Alert> alerts() {
        List<Alert> all = new ArrayList<>();
        for (Entry a : active.values()) all.add(a.snapshot());
        all.sort(BY_LABELS);
        return all;
    }

    /** The pending and firing alerts' activeAt, to persist (Prometheus' ALERTS_FOR_STATE). */
    public List<ActiveSince> snapshot() {
        List<ActiveSince> out = new ArrayList<>();
        for (Entry a : active.values()) {
            if (a.state != AlertState.INACTIVE) out.add(new ActiveSince(a.labels, a.activeAt));
        }
        out.sort(Comparator.comparing(s -> s.labels().toString()));
        return out;
    }

    /**
     * Gives back a {@link #snapshot} taken before a restart. The next evaluation, and only that one, starts an alert
     * whose labels are in it at its earlier activeAt instead of now, so that its {@code for} goes on where it was; an
     * alert that was firing fires again at once. Call it before the first evaluation.
     */
    public void restore(List<ActiveSince> before) {
        Map<Map<String, String>, Instant> m = new HashMap<>();
        for (ActiveSince s : before) m.put(s.labels(), s.activeAt());
        restored = m;
    }

    private static final Comparator<Alert> BY_LABELS = Comparator.comparing(a -> new TreeMap<>(a.labels()).toString());
}
