package dev.sigyn.ruler.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigyn.ruler.alerting.AlertRuleSpec;
import dev.sigyn.ruler.alerting.AlertRuleState;
import dev.sigyn.ruler.alerting.Sample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertmanagerNotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static NotifierSettings settings(URI url, ClientAuth auth, int capacity) {
        return new NotifierSettings(List.of(url), Duration.ofSeconds(5), auth, Optional.empty(), capacity, MINUTE,
                Map.of("cluster", "eu1"));
    }

    private static AlertRuleState rule(String name, Duration holdFor) throws Exception {
        return new AlertRuleState(new AlertRuleSpec(name, holdFor, Duration.ZERO, Map.of("severity", "page"),
                Map.of("summary", "{{ $labels.job }} errors at {{ $value }}")), Map.of("cluster", "eu1"), "");
    }

    /** Evaluates, then sends what is due, as the ruler's evaluation loop does. */
    private static void evaluateAndSend(AlertRuleState r, AlertmanagerNotifier n, Instant ts, List<Sample> result)
            throws Exception {
        r.evaluate(ts, result);
        n.send(r.alertsToSend(ts, MINUTE, MINUTE).stream().map(a -> AlertmanagerAlert.of(a, "http://sigyn/x")).toList());
    }

    private static JsonNode nextWebhookAlert(RecordingHttpServer webhook, String what) throws Exception {
        JsonNode payload = JSON.readTree(webhook.next(WAIT, what).body());
        assertEquals(1, payload.get("alerts").size(), payload.toString());
        return payload.get("alerts").get(0);
    }

    @Test
    void aFiringAlertReachesAlertmanagersWebhookTemplatedThenArrivesAsResolved() throws Exception {
        try (RecordingHttpServer webhook = new RecordingHttpServer();
             AlertmanagerProcess am = AlertmanagerProcess.start(webhook.uri());
             AlertmanagerNotifier n = new AlertmanagerNotifier(settings(am.uri(), new ClientAuth.None(), 100),
                     new SimpleMeterRegistry())) {
            AlertRuleState r = rule("HighErrors", Duration.ZERO);
            Instant t0 = Instant.now();
            evaluateAndSend(r, n, t0, List.of(new Sample(Map.of("job", "api"), 7)));

            JsonNode firing = nextWebhookAlert(webhook, "the firing alert");
            assertEquals("firing", firing.get("status").asText());
            assertEquals("HighErrors", firing.at("/labels/alertname").asText());
            assertEquals("api", firing.at("/labels/job").asText());
            assertEquals("page", firing.at("/labels/severity").asText());
            assertEquals("eu1", firing.at("/labels/cluster").asText(), "external labels are added");
            assertEquals("api errors at 7", firing.at("/annotations/summary").asText());
            assertEquals("http://sigyn/x", firing.get("generatorURL").asText());

            Instant t1 = t0.plusSeconds(1);
            evaluateAndSend(r, n, t1, List.of());
            JsonNode resolved = nextWebhookAlert(webhook, "the resolved alert");
            assertEquals("resolved", resolved.get("status").asText());
            assertEquals("HighErrors", resolved.at("/labels/alertname").asText());
            assertEquals(t1, Instant.parse(resolved.get("endsAt").asText()), "endsAt is when it resolved");
        }
    }

    @Test
    void pendingAlertsAreNotSentFiringOnesAre() throws Exception {
        try (RecordingHttpServer webhook = new RecordingHttpServer();
             AlertmanagerProcess am = AlertmanagerProcess.start(webhook.uri());
             AlertmanagerNotifier n = new AlertmanagerNotifier(settings(am.uri(), new ClientAuth.None(), 100),
                     new SimpleMeterRegistry())) {
            Instant t0 = Instant.now();
            evaluateAndSend(rule("StillPending", Duration.ofMinutes(5)), n, t0, List.of(new Sample(Map.of(), 1)));
            evaluateAndSend(rule("Firing", Duration.ZERO), n, t0, List.of(new Sample(Map.of(), 1)));
            assertEquals("Firing", nextWebhookAlert(webhook, "the firing alert").at("/labels/alertname").asText());
            assertNull(webhook.poll(Duration.ofSeconds(3)), "nothing else reaches the webhook");
        }
    }

    @Test
    void aFiringAlertIsResentOnlyAfterTheResendDelay() throws Exception {
        try (RecordingHttpServer am = new RecordingHttpServer();
             AlertmanagerNotifier n = new AlertmanagerNotifier(settings(am.uri(), new ClientAuth.None(), 100),
                     new SimpleMeterRegistry())) {
            AlertRuleState r = rule("HighErrors", Duration.ZERO);
            List<Sample> high = List.of(new Sample(Map.of("job", "api"), 7));
            Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
            evaluateAndSend(r, n, t0, high);
            RecordingHttpServer.Request first = am.next(WAIT, "the first send");
            assertEquals("/api/v2/alerts", first.path());
            JsonNode sent = JSON.readTree(first.body()).get(0);
            assertEquals(t0, Instant.parse(sent.get("startsAt").asText()));
            assertEquals(t0.plus(MINUTE.multipliedBy(4)), Instant.parse(sent.get("endsAt").asText()));

            evaluateAndSend(r, n, t0.plusSeconds(30), high);
            evaluateAndSend(r, n, t0.plusSeconds(60), high);
            evaluateAndSend(r, n, t0.plusSeconds(90), high);
            RecordingHttpServer.Request resent = am.next(WAIT, "the resend");
            assertEquals(t0.plusSeconds(90).plus(MINUTE.multipliedBy(4)),
                    Instant.parse(JSON.readTree(resent.body()).get(0).get("endsAt").asText()));
            assertNull(am.poll(Duration.ofMillis(500)), "sent twice in 90s with a one-minute resend delay");
        }
    }

    @Test
    void aFullQueueDropsTheOldestAlertsAndCountsThem() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (RecordingHttpServer am = new RecordingHttpServer();
             AlertmanagerNotifier n = new AlertmanagerNotifier(settings(am.uri(), new ClientAuth.None(), 2), metrics)) {
            am.hold();
            n.send(List.of(alert("first")));
            am.next(WAIT, "the first batch, held by the endpoint");
            n.send(List.of(alert("a"), alert("b"), alert("c"), alert("d")));
            assertEquals(2, n.queueLength());
            assertEquals(2.0, metrics.get("sigyn.ruler.notifications.dropped").counter().count());
            am.open();
            JsonNode rest = JSON.readTree(am.next(WAIT, "the queued alerts").body());
            assertEquals("c", rest.get(0).at("/labels/alertname").asText(), "the oldest were dropped");
            assertEquals("d", rest.get(1).at("/labels/alertname").asText());
        }
        assertEquals(3.0, metrics.get("sigyn.ruler.notifications.sent").counter().count());
    }

    @Test
    void aFailedPostIsCounted() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (AlertmanagerNotifier n = new AlertmanagerNotifier(
                settings(URI.create("http://127.0.0.1:1"), new ClientAuth.None(), 10), metrics)) {
            n.send(List.of(alert("x")));
        }
        assertEquals(1.0, metrics.get("sigyn.ruler.notifications.failed").counter().count());
    }

    @Test
    void basicAuthIsSent() throws Exception {
        assertEquals("Basic dXNlcjpwYXNz", authorizationSent(new ClientAuth.Basic("user", "pass")));
    }

    @Test
    void aBearerTokenIsSent() throws Exception {
        assertEquals("Bearer s3cret", authorizationSent(new ClientAuth.Bearer("s3cret")));
    }

    @Test
    void aPathPrefixIsKeptAndDnsDiscoveryIsRefusedClearly() throws Exception {
        assertEquals(List.of(URI.create("http://a:9093"), URI.create("https://b/alertmanager")),
                NotifierSettings.parseUrls("http://a:9093, https://b/alertmanager,"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotifierSettings.parseUrls("dnssrv+_http._tcp.am.example"));
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        try (RecordingHttpServer am = new RecordingHttpServer();
             AlertmanagerNotifier n = new AlertmanagerNotifier(settings(URI.create(am.uri() + "/am/"),
                     new ClientAuth.None(), 10), new SimpleMeterRegistry())) {
            n.send(List.of(alert("x")));
            assertEquals("/am/api/v2/alerts", am.next(WAIT, "the post").path());
        }
    }

    private static String authorizationSent(ClientAuth auth) throws Exception {
        try (RecordingHttpServer am = new RecordingHttpServer();
             AlertmanagerNotifier n = new AlertmanagerNotifier(settings(am.uri(), auth, 10), new SimpleMeterRegistry())) {
            n.send(List.of(alert("x")));
            return am.next(WAIT, "the post").headers().get("Authorization");
        }
    }

    private static AlertmanagerAlert alert(String name) {
        Instant now = Instant.now();
        return new AlertmanagerAlert(Map.of("alertname", name), Map.of(), now, now.plusSeconds(60), "");
    }
}
