package dev.sigyn.ruler.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRuleStateTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final List<Sample> API_HIGH = List.of(new Sample(Map.of("job", "api"), 7));

    private static AlertRuleState rule(Duration holdFor, Duration keepFiringFor) throws Exception {
        return new AlertRuleState(new AlertRuleSpec("HighErrors", holdFor, keepFiringFor,
                Map.of("severity", "page", "team", "{{ $externalLabels.cluster }}"),
                Map.of("summary", "{{ $labels.job }} has {{ $value }} errors")), Map.of("cluster", "eu1"), "");
    }

    private static Instant at(int minutes) {
        return T0.plus(MINUTE.multipliedBy(minutes));
    }

    private static Alert only(AlertRuleState r) {
        List<Alert> all = r.alerts();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void aSeriesIsPendingUntilForHasElapsedThenFires() throws Exception {
        AlertRuleState r = rule(Duration.ofMinutes(5), Duration.ZERO);
        r.evaluate(at(0), API_HIGH);
        assertEquals(AlertState.PENDING, only(r).state());
        r.evaluate(at(4), API_HIGH);
        assertEquals(AlertState.PENDING, only(r).state());
        r.evaluate(at(5), API_HIGH);
        Alert a = only(r);
        assertEquals(AlertState.FIRING, a.state());
        assertEquals(at(0), a.activeAt());
        assertEquals(at(5), a.firedAt());
    }

    @Test
    void labelsAndAnnotationsAreTemplatedAndCarryTheAlertName() throws Exception {
        AlertRuleState r = rule(Duration.ZERO, Duration.ZERO);
        r.evaluate(at(0), List.of(new Sample(Map.of("job", "api", "__name__", "x"), 7)));
        Alert a = only(r);
        assertEquals(AlertState.FIRING, a.state(), "without for an alert fires at once");
        assertEquals(Map.of("alertname", "HighErrors", "job", "api", "severity", "page", "team", "eu1"), a.labels());
        assertEquals(Map.of("summary", "api has 7 errors"), a.annotations());
    }

    @Test
    void aTemplateFailingAtRunTimeGivesPrometheusErrorTextNotAFailedRule() throws Exception {
        AlertRuleState r = new AlertRuleState(new AlertRuleSpec("X", Duration.ZERO, Duration.ZERO, Map.of(),
                Map.of("a", "{{ $value | len }}")), Map.of(), "");
        r.evaluate(at(0), API_HIGH);
        assertTrue(only(r).annotations().get("a").startsWith("<error expanding template: "), only(r).toString());
    }

    @Test
    void aPendingAlertThatGoesAwayIsForgottenAndNeverSent() throws Exception {
        AlertRuleState r = rule(Duration.ofMinutes(5), Duration.ZERO);
        r.evaluate(at(0), API_HIGH);
        assertEquals(List.of(), r.alertsToSend(at(0), MINUTE, MINUTE));
        r.evaluate(at(1), List.of());
        assertEquals(List.of(), r.alerts());
        assertEquals(List.of(), r.alertsToSend(at(1), MINUTE, MINUTE));
    }

    @Test
    void aResolvedAlertIsSentAsResolvedAndKeptForFifteenMinutes() throws Exception {
        AlertRuleState r = rule(Duration.ZERO, Duration.ZERO);
        r.evaluate(at(0), API_HIGH);
        assertEquals(1, r.alertsToSend(at(0), MINUTE, MINUTE).size());
        r.evaluate(at(1), List.of());
        List<Alert> sent = r.alertsToSend(at(1), Duration.ofMinutes(10), MINUTE);
        assertEquals(1, sent.size(), "resolved since last sent: sent at once, whatever the resend delay");
        assertEquals(AlertState.INACTIVE, sent.get(0).state());
        assertEquals(at(1), sent.get(0).resolvedAt());
        r.evaluate(at(16), List.of());
        assertEquals(AlertState.INACTIVE, only(r).state(), "still kept at exactly 15 minutes");
        r.evaluate(at(17), List.of());
        assertEquals(List.of(), r.alerts());
    }

    @Test
    void firingAlertsAreResentAfterTheResendDelay() throws Exception {
        AlertRuleState r = rule(Duration.ZERO, Duration.ZERO);
        r.evaluate(at(0), API_HIGH);
        Alert first = r.alertsToSend(at(0), Duration.ofMinutes(2), MINUTE).get(0);
        assertEquals(at(8), first.validUntil(), "valid for four resend delays");
        r.evaluate(at(1), API_HIGH);
        assertEquals(List.of(), r.alertsToSend(at(1), Duration.ofMinutes(2), MINUTE));
        r.evaluate(at(2), API_HIGH);
        assertEquals(List.of(), r.alertsToSend(at(2), Duration.ofMinutes(2), MINUTE), "not after exactly the delay");
        r.evaluate(at(3), API_HIGH);
        assertEquals(1, r.alertsToSend(at(3), Duration.ofMinutes(2), MINUTE).size());
    }

    @Test
    void keepFiringForHoldsAFiringAlertAfterItsSeriesGoesAway() throws Exception {
        AlertRuleState r = rule(Duration.ZERO, Duration.ofMinutes(3));
        r.evaluate(at(0), API_HIGH);
        r.evaluate(at(1), List.of());
        r.evaluate(at(3), List.of());
        assertEquals(AlertState.FIRING, only(r).state());
        assertNull(only(r).resolvedAt());
        r.evaluate(at(4), List.of());
        assertEquals(AlertState.INACTIVE, only(r).state());
        assertEquals(at(4), only(r).resolvedAt());
    }

    @Test
    void keepFiringForStartsAgainWhenTheSeriesComesBack() throws Exception {
        AlertRuleState r = rule(Duration.ZERO, Duration.ofMinutes(3));
        r.evaluate(at(0), API_HIGH);
        r.evaluate(at(2), List.of());
        r.evaluate(at(3), API_HIGH);
        r.evaluate(at(4), List.of());
        r.evaluate(at(6), List.of());
        assertEquals(AlertState.FIRING, only(r).state());
    }

    @Test
    void aSeriesBackAfterItResolvedIsANewAlert() throws Exception {
        AlertRuleState r = rule(Duration.ofMinutes(2), Duration.ZERO);
        r.evaluate(at(0), API_HIGH);
        r.evaluate(at(2), API_HIGH);
        r.evaluate(at(3), List.of());
        r.evaluate(at(4), API_HIGH);
        Alert a = only(r);
        assertEquals(AlertState.PENDING, a.state());
        assertEquals(at(4), a.activeAt());
    }

    @Test
    void aRestoredPendingAlertKeepsItsActiveAtAfterARestart() throws Exception {
        AlertRuleState before = rule(Duration.ofMinutes(5), Duration.ZERO);
        before.evaluate(at(0), API_HIGH);
        before.evaluate(at(3), API_HIGH);
        List<ActiveSince> saved = before.snapshot();
        assertEquals(List.of(new ActiveSince(only(before).labels(), at(0))), saved);

        AlertRuleState after = rule(Duration.ofMinutes(5), Duration.ZERO);
        after.restore(saved);
        after.evaluate(at(4), API_HIGH);
        assertEquals(AlertState.PENDING, only(after).state());
        assertEquals(at(0), only(after).activeAt());
        after.evaluate(at(5), API_HIGH);
        assertEquals(AlertState.FIRING, only(after).state(), "for counted from before the restart");
    }

    @Test
    void aRestoredStateIsUsedByTheNextEvaluationOnly() throws Exception {
        AlertRuleState r = rule(Duration.ofMinutes(5), Duration.ZERO);
        r.restore(List.of(new ActiveSince(Map.of("alertname", "HighErrors", "job", "api", "severity", "page",
                "team", "eu1"), at(0))));
        r.evaluate(at(4), List.of());
        r.evaluate(at(5), API_HIGH);
        assertEquals(at(5), only(r).activeAt());
    }

    @Test
    void twoSeriesWithTheSameLabelsAfterRuleLabelsFailTheEvaluation() throws Exception {
        AlertRuleState r = new AlertRuleState(new AlertRuleSpec("X", Duration.ZERO, Duration.ZERO,
                Map.of("job", "all"), Map.of()), Map.of(), "");
        DuplicateAlertException e = assertThrows(DuplicateAlertException.class, () -> r.evaluate(at(0),
                List.of(new Sample(Map.of("job", "a"), 1), new Sample(Map.of("job", "b"), 1))));
        assertTrue(e.getMessage().contains("same labelset"));
        assertEquals(List.of(), r.alerts());
    }
}
