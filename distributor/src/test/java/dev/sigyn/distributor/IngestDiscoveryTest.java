package dev.sigyn.distributor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.ingester.StreamPush;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Loki 3's additions at ingest: the {@code service_name} label and the {@code detected_level} metadata. */
class IngestDiscoveryTest {
    private PushServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    /** Loki 3's discovery defaults, which are Sigyn's (see {@link #discoveryIsOnByDefaultAsInLoki3}). */
    private static LimitsConfig loki3() {
        return LimitsConfig.defaults().withDiscoverServiceName(LimitsConfig.DEFAULT_SERVICE_NAME_LABELS)
                .withDiscoverLogLevels(true);
    }

    @Test
    void discoveryIsOnByDefaultAsInLoki3() throws Exception {
        List<StreamPush> pushed = push(LimitsConfig.defaults(), stream("{\"app\":\"web\"}", "level=error boom"));
        assertEquals(Labels.of("app", "web", "service_name", "web"), pushed.get(0).labels());
        assertEquals("error", level(pushed.get(0).entries().get(0)));
    }

    private List<StreamPush> push(LimitsConfig limits, String streamsJson) throws Exception {
        server = PushServer.withLimits(limits);
        PushServer.Response r = server.postJson("{\"streams\":[" + streamsJson + "]}");
        assertEquals(204, r.status(), r.body());
        return server.pusher.onlyCall().streams();
    }

    private static String stream(String labelsJson, String... lines) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) values.append(',');
            values.append("[\"").append(PushServer.NOW_NANOS - 1000 + i).append("\",\"").append(lines[i]).append("\"]");
        }
        return "{\"stream\":" + labelsJson + ",\"values\":[" + values + "]}";
    }

    @Test
    void serviceNameComesFromTheFirstCandidateLabelInListOrder() throws Exception {
        List<StreamPush> pushed = push(loki3(),
                stream("{\"job\":\"varlogs\",\"app\":\"web\"}", "a") + ","
                        + stream("{\"job\":\"varlogs\"}", "b") + ","
                        + stream("{\"env\":\"prod\"}", "c") + ","
                        + stream("{\"app\":\"web\",\"service_name\":\"mine\"}", "d"));
        assertEquals(Labels.of("app", "web", "job", "varlogs", "service_name", "web"), pushed.get(0).labels());
        assertEquals(Labels.of("job", "varlogs", "service_name", "varlogs"), pushed.get(1).labels());
        assertEquals(Labels.of("env", "prod", "service_name", "unknown_service"), pushed.get(2).labels());
        assertEquals(Labels.of("app", "web", "service_name", "mine"), pushed.get(3).labels(), "never overwritten");
    }

    @Test
    void anEmptyCandidateListTurnsServiceNameDiscoveryOff() throws Exception {
        List<StreamPush> pushed = push(loki3().withDiscoverServiceName(List.of())
                .withDiscoverLogLevels(false), stream("{\"app\":\"web\"}", "a"));
        assertEquals(Labels.of("app", "web"), pushed.get(0).labels());
        assertEquals(Labels.EMPTY, pushed.get(0).entries().get(0).structuredMetadata());
    }

    @Test
    void serviceNameIsAddedBeforeValidationSoMessagesShowIt() throws Exception {
        server = PushServer.withLimits(loki3().withMaxLineSize(3).withDiscoverLogLevels(false));
        PushServer.Response r = server.postJson("{\"streams\":[" + stream("{\"app\":\"web\"}", "too long") + "]}");
        assertEquals(400, r.status());
        assertEquals("max entry size '3' bytes exceeded for stream '{app=\"web\", service_name=\"web\"}' while adding"
                + " an entry with length '8' bytes\n", r.body());
    }

    @Test
    void detectedLevelComesFromLabelsMetadataJsonLogfmtOrWords() throws Exception {
        LimitsConfig limits = loki3().withDiscoverServiceName(List.of());
        List<StreamPush> pushed = push(limits,
                stream("{\"app\":\"a\",\"level\":\"WARNING\"}", "error in line but the label wins") + ","
                        + stream("{\"app\":\"b\"}",
                        "{\\\"msg\\\":\\\"x\\\",\\\"ctx\\\":{\\\"severity\\\":\\\"ERR\\\"}}",
                        "ts=1 lvl=dbg msg=\\\"fatal words do not count\\\"",
                        "2026-11-01 [CRITICAL] disk full",
                        "misc:error is no level",
                        "nothing to see"));
        assertEquals("warn", level(pushed.get(0).entries().get(0)));
        List<Entry> b = pushed.get(1).entries();
        assertEquals(List.of("error", "debug", "critical", "unknown", "unknown"), b.stream().map(IngestDiscoveryTest::level).toList());
    }

    @Test
    void aPushedDetectedLevelIsKeptNormalised() throws Exception {
        server = PushServer.withLimits(loki3().withDiscoverServiceName(List.of()));
        PushServer.Response r = server.postJson("{\"streams\":[{\"stream\":{\"app\":\"a\"},\"values\":[[\""
                + PushServer.NOW_NANOS + "\",\"error here\",{\"detected_level\":\"WRN\"}],[\""
                + (PushServer.NOW_NANOS + 1) + "\",\"x\",{\"severity_number\":\"18\"}]]}]}");
        assertEquals(204, r.status(), r.body());
        List<Entry> entries = server.pusher.onlyCall().streams().get(0).entries();
        assertEquals("warn", level(entries.get(0)));
        assertEquals("error", level(entries.get(1)), "OTLP severity 17-20 is error");
    }

    @Test
    void withoutDiscoveryTheLokiPushApiAddsNothing() throws Exception {
        server = new PushServer(false, PushServer.asSent(), BodyLimits.DEFAULTS);
        assertEquals(204, server.postJson("{\"streams\":[" + stream("{\"app\":\"web\"}", "error") + "]}").status());
        StreamPush s = server.pusher.onlyCall().streams().get(0);
        assertEquals(Labels.of("app", "web"), s.labels());
        assertNull(s.entries().get(0).structuredMetadata().get("detected_level"));
    }

    private static String level(Entry e) {
        return e.structuredMetadata().get("detected_level");
    }
}
