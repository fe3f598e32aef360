package dev.sigyn.distributor;

import dev.sigyn.config.LimitsConfig;
import dev.sigyn.ingester.PushOutcome;
import dev.sigyn.ingester.StreamPush;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.sigyn.distributor.PushServer.NOW_NANOS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushValidationTest {
    private static final long RECENT = NOW_NANOS - Duration.ofMinutes(1).toNanos();
    private PushServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private PushServer.Response push(PushServer s, String labels, Entry... entries) throws Exception {
        server = s;
        return s.postProtobuf(ProtoWriter.snappyPush(new ProtoWriter.Stream(labels, List.of(entries))));
    }

    private PushServer.Response pushDefault(String labels, Entry... entries) throws Exception {
        return push(new PushServer(), labels, entries);
    }

    @Test
    void emptyLabelSetIsRefused() throws Exception {
        PushServer.Response r = pushDefault("{}", new Entry(RECENT, "x"));

        assertEquals(400, r.status());
        assertEquals("error at least one label pair is required per stream\n", r.body());
        assertTrue(server.pusher.calls.isEmpty());
        assertEquals(1, server.counter("sigyn.distributor.discarded.lines", "reason", "missing_labels"));
    }

    @Test
    void tooManyLabelNamesAreRefused() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.limits(4, 6, 256 * 1024, 2, 1024, 2048));

        PushServer.Response r = push(s, "{c=\"3\", a=\"1\", b=\"2\"}", new Entry(RECENT, "x"));

        assertEquals(400, r.status());
        assertEquals("entry for stream '{a=\"1\", b=\"2\", c=\"3\"}' has 3 label names; limit 2\n", r.body());
    }

    @Test
    void labelNameTooLongIsRefused() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.limits(4, 6, 256 * 1024, 15, 5, 2048));

        PushServer.Response r = push(s, "{app=\"web\", toolong=\"x\"}", new Entry(RECENT, "x"));

        assertEquals(400, r.status());
        assertEquals("stream '{app=\"web\", toolong=\"x\"}' has label name too long: 'toolong'\n", r.body());
    }

    @Test
    void labelValueTooLongIsRefusedCountingUtf8Bytes() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.limits(4, 6, 256 * 1024, 15, 1024, 4));

        PushServer.Response r = push(s, "{app=\"héé\"}", new Entry(RECENT, "x")); // 3 chars, 5 bytes

        assertEquals(400, r.status());
        assertEquals("stream '{app=\"héé\"}' has label value too long: 'héé'\n", r.body());
    }

    @Test
    void duplicateLabelNameIsRefused() throws Exception {
        // The label text parser keeps duplicates (as Prometheus' does); the validator reports them.
        PushServer.Response r = pushDefault("{app=\"b\", app=\"a\"}", new Entry(RECENT, "x"));

        assertEquals(400, r.status());
        assertEquals("stream '{app=\"a\", app=\"b\"}' has duplicate label name: 'app'\n", r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void tooOldEntryIsRefusedWithBothTimes() throws Exception {
        long eightDaysAgo = NOW_NANOS - Duration.ofDays(8).toNanos() + 999;

        PushServer.Response r = pushDefault("{app=\"web\"}", new Entry(eightDaysAgo, "old"));

        assertEquals(400, r.status());
        assertEquals("entry for stream '{app=\"web\"}' has timestamp too old: 2026-10-24T01:00:00Z,"
                + " oldest acceptable timestamp is: 2026-10-25T01:00:00Z\n", r.body());
        assertEquals(1, server.counter("sigyn.distributor.discarded.lines", "reason", "greater_than_max_sample_age"));
    }

    @Test
    void oldEntriesAreAcceptedWhenRejectOldSamplesIsOff() throws Exception {
        LimitsConfig acceptOld = PushServer.asSent().withRejectOldSamples(false);

        PushServer.Response r = push(PushServer.withLimits(acceptOld), "{app=\"web\"}", new Entry(1_000, "1970"));

        assertEquals(204, r.status(), r.body());
    }

    @Test
    void entryBeyondTheCreationGracePeriodIsRefused() throws Exception {
        long elevenMinutesAhead = NOW_NANOS + Duration.ofMinutes(11).toNanos();

        PushServer.Response r = pushDefault("{app=\"web\"}", new Entry(elevenMinutesAhead, "future"),
                new Entry(NOW_NANOS + Duration.ofMinutes(9).toNanos(), "within grace"));

        assertEquals(400, r.status());
        assertEquals("entry for stream '{app=\"web\"}' has timestamp too new: 2026-11-01T01:11:00Z\n", r.body());
        assertEquals(List.of("within grace"), lines(server.pusher.onlyCall().streams()));
    }

    @Test
    void rejectOldSamplesMaxAgeAndCreationGracePeriodSetTheAcceptedWindow() throws Exception {
        LimitsConfig narrow = PushServer.asSent().withRejectOldSamplesMaxAge(Duration.ofHours(1))
                .withCreationGracePeriod(Duration.ofHours(2));
        long twoHoursAgo = NOW_NANOS - Duration.ofHours(2).toNanos();
        long anHourAhead = NOW_NANOS + Duration.ofHours(1).toNanos();

        PushServer.Response r = push(PushServer.withLimits(narrow), "{app=\"web\"}", new Entry(twoHoursAgo, "old"),
                new Entry(RECENT, "recent"), new Entry(anHourAhead, "ahead"));

        assertEquals(400, r.status());
        assertEquals("entry for stream '{app=\"web\"}' has timestamp too old: 2026-10-31T23:00:00Z,"
                + " oldest acceptable timestamp is: 2026-11-01T00:00:00Z\n", r.body());
        assertEquals(List.of("recent", "ahead"), lines(server.pusher.onlyCall().streams()));
    }

    @Test
    void lineTooLongIsRefusedCountingUtf8Bytes() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.limits(4, 6, 10, 15, 1024, 2048));

        PushServer.Response r = push(s, "{app=\"web\"}", new Entry(RECENT, "éééééé"), new Entry(RECENT + 1, "0123456789"));

        assertEquals(400, r.status());
        assertEquals("max entry size '10' bytes exceeded for stream '{app=\"web\"}' while adding an entry with"
                + " length '12' bytes\n", r.body());
        assertEquals(List.of("0123456789"), lines(server.pusher.onlyCall().streams()));
    }

    @Test
    void tooManyStructuredMetadataEntriesAreRefused() throws Exception {
        List<Label> metadata = new ArrayList<>();
        for (int i = 0; i < 129; i++) metadata.add(new Label("k" + i, "v"));

        PushServer.Response r = pushDefault("{app=\"web\"}", new Entry(RECENT, "x", Labels.of(metadata)));

        assertEquals(400, r.status());
        assertTrue(r.body().startsWith("stream '{app=\"web\"}' has too many structured metadata labels: '129', limit: '128'"),
                r.body());
    }

    @Test
    void structuredMetadataCountFollowsMaxStructuredMetadataEntriesCount() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.asSent().withMaxStructuredMetadataEntriesCount(2));
        Labels three = Labels.of(List.of(new Label("a", "1"), new Label("b", "2"), new Label("c", "3")));

        PushServer.Response r = push(s, "{app=\"web\"}", new Entry(RECENT, "x", three),
                new Entry(RECENT + 1, "kept", Labels.of("a", "1")));

        assertEquals(400, r.status());
        assertEquals("stream '{app=\"web\"}' has too many structured metadata labels: '3', limit: '2'. Please see"
                + " `limits_config.max_structured_metadata_entries_count` or contact your Loki administrator to"
                + " increase it\n", r.body());
        assertEquals(List.of("kept"), lines(server.pusher.onlyCall().streams()));
        assertEquals(1, server.counter("sigyn.distributor.discarded.lines", "reason", "structured_metadata_too_many"));
    }

    @Test
    void structuredMetadataSizeFollowsMaxStructuredMetadataSize() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.asSent().withMaxStructuredMetadataSize(10));

        PushServer.Response r = push(s, "{app=\"web\"}", new Entry(RECENT, "x", Labels.of("trace", "0123456789")));

        assertEquals(400, r.status());
        assertEquals("stream '{app=\"web\"}' has structured metadata too large: '15' bytes, limit: '10' bytes."
                + " Please see `limits_config.max_structured_metadata_size` or contact your Loki administrator to"
                + " increase it\n", r.body());
        assertEquals(1, server.counter("sigyn.distributor.discarded.lines", "reason", "structured_metadata_too_large"));
    }

    @Test
    void zeroStructuredMetadataLimitsMeanNoLimit() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.asSent().withMaxStructuredMetadataSize(0)
                .withMaxStructuredMetadataEntriesCount(0));
        List<Label> metadata = new ArrayList<>();
        for (int i = 0; i < 200; i++) metadata.add(new Label("k" + i, "v".repeat(500)));

        PushServer.Response r = push(s, "{app=\"web\"}", new Entry(RECENT, "x", Labels.of(metadata)));

        assertEquals(204, r.status(), r.body());
    }

    @Test
    void structuredMetadataIsRefusedWhenNotAllowed() throws Exception {
        PushServer s = PushServer.withLimits(PushServer.asSent().withAllowStructuredMetadata(false));

        PushServer.Response r = push(s, "{app=\"web\"}", new Entry(RECENT, "x", Labels.of("trace", "abc")),
                new Entry(RECENT + 1, "plain"));

        assertEquals(400, r.status());
        assertEquals("stream '{app=\"web\"}' includes structured metadata, but this feature is disallowed. Please see"
                + " `limits_config.allow_structured_metadata` or contact your Loki administrator to enable it\n",
                r.body());
        assertEquals(List.of("plain"), lines(server.pusher.onlyCall().streams()));
        assertEquals(1, server.counter("sigyn.distributor.discarded.lines", "reason",
                "disallowed_structured_metadata"));
    }

    @Test
    void validEntriesOfAPartlyInvalidPushAreStored() throws Exception {
        long old = NOW_NANOS - Duration.ofDays(30).toNanos();
        server = new PushServer();
        byte[] body = ProtoWriter.snappyPush(
                new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(RECENT, "kept"), new Entry(old, "old"))),
                new ProtoWriter.Stream("{}", List.of(new Entry(RECENT, "no labels"))),
                new ProtoWriter.Stream("{app=\"db\"}", List.of(new Entry(RECENT, "kept too"))));

        PushServer.Response r = server.postProtobuf(body);

        assertEquals(400, r.status());
        assertEquals("1 errors like: entry for stream '{app=\"web\"}' has timestamp too old: 2026-10-02T01:00:00Z,"
                + " oldest acceptable timestamp is: 2026-10-25T01:00:00Z;"
                + " 1 errors like: error at least one label pair is required per stream\n", r.body());
        assertEquals(List.of(
                new StreamPush(Labels.of("app", "web"), List.of(new Entry(RECENT, "kept"))),
                new StreamPush(Labels.of("app", "db"), List.of(new Entry(RECENT, "kept too")))),
                server.pusher.onlyCall().streams());
    }

    @Test
    void repeatedMessagesAreGroupedWithACount() throws Exception {
        long old = NOW_NANOS - Duration.ofDays(30).toNanos();

        PushServer.Response r = pushDefault("{app=\"web\"}", new Entry(old, "a"), new Entry(old + 1, "b"),
                new Entry(old + 2, "c"));

        assertEquals(400, r.status());
        assertTrue(r.body().startsWith("3 errors like: entry for stream '{app=\"web\"}' has timestamp too old: "),
                r.body());
        assertTrue(server.pusher.calls.isEmpty());
    }

    @Test
    void ingesterLimitErrorsAnswer429AndBadEntries400() throws Exception {
        server = new PushServer();
        byte[] body = ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(RECENT, "x"))));

        server.pusher.outcome = new PushOutcome(0, List.of(), List.of("maximum active stream limit exceeded"));
        PushServer.Response limited = server.postProtobuf(body);
        assertEquals(429, limited.status());
        assertEquals("maximum active stream limit exceeded\n", limited.body());

        server.pusher.outcome = new PushOutcome(0, List.of("entry too far behind, a", "entry too far behind, b"), List.of());
        PushServer.Response bad = server.postProtobuf(body);
        assertEquals(400, bad.status());
        assertEquals("entry too far behind, a\nentry too far behind, b\n", bad.body());
    }

    @Test
    void ingesterFailureAnswers500() throws Exception {
        server = new PushServer();
        server.pusher.failure = new IOException("disk full");

        PushServer.Response r = server.postProtobuf(
                ProtoWriter.snappyPush(new ProtoWriter.Stream("{app=\"web\"}", List.of(new Entry(RECENT, "x")))));

        assertEquals(500, r.status());
        assertEquals("disk full\n", r.body());
    }

    private static List<String> lines(List<StreamPush> streams) {
        return streams.stream().flatMap(s -> s.entries().stream()).map(Entry::line).toList();
    }
}
