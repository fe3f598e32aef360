package dev.sigyn.store.index;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.LabelMatcher.Type;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class IndexFileTest {
    static final Labels WEB_PROD = Labels.of("app", "web", "env", "prod");
    static final Labels WEB_DEV = Labels.of("app", "web", "env", "dev");
    static final Labels API_PROD = Labels.of("app", "api", "env", "prod", "team", "ü-team");
    static final Labels DB = Labels.of("app", "db");

    static ChunkRef ref(String key, long from, long through) {
        return new ChunkRef(key, from, through, 10, 1000, 4321);
    }

    static IndexFile sample() {
        return new IndexFile("tenant-a", 19_700, List.of(
                new SeriesChunks(WEB_PROD, List.of(ref("c/web-prod/2", 200, 299), ref("c/web-prod/1", 100, 199))),
                new SeriesChunks(WEB_DEV, List.of(ref("c/web-dev/1", 100, 150))),
                new SeriesChunks(API_PROD, List.of(ref("c/api/1", 300, 400))),
                new SeriesChunks(DB, List.of(ref("c/db/1", 0, 1000))),
                // the same stream again (e.g. a second flush): merged, duplicates by key dropped
                new SeriesChunks(WEB_PROD, List.of(ref("c/web-prod/1", 100, 199), ref("c/web-prod/3", 300, 399)))));
    }

    static List<Labels> labelsOf(List<SeriesChunks> s) {
        return s.stream().map(SeriesChunks::labels).toList();
    }

    static List<Labels> select(IndexFile f, LabelMatcher... m) {
        return labelsOf(f.select(List.of(m), Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void roundTripKeepsTenantPeriodSeriesAndChunks() throws IOException {
        IndexFile f = sample();
        IndexFile d = IndexFile.decode(f.encode());
        assertEquals("tenant-a", d.tenant());
        assertEquals(19_700, d.period());
        assertEquals(f.series(), d.series());
        assertEquals(4, d.series().size());
        SeriesChunks webProd = d.series().stream().filter(s -> s.labels().equals(WEB_PROD)).findFirst().orElseThrow();
        assertEquals(List.of("c/web-prod/1", "c/web-prod/2", "c/web-prod/3"), webProd.chunks().stream().map(ChunkRef::key).toList());
        assertEquals(new ChunkRef("c/web-prod/1", 100, 199, 10, 1000, 4321), webProd.chunks().getFirst());
        assertEquals(List.of("app", "env", "team"), d.labelNames());
    }

    @Test
    void equalityMatcherUsesPostings() throws IOException {
        IndexFile f = IndexFile.decode(sample().encode());
        assertEquals(List.of(WEB_DEV, WEB_PROD), select(f, LabelMatcher.of("app", Type.EQ, "web")).stream().sorted().toList());
        assertEquals(List.of(API_PROD), select(f, LabelMatcher.of("app", Type.EQ, "api"), LabelMatcher.of("env", Type.EQ, "prod")));
        assertEquals(List.of(), select(f, LabelMatcher.of("app", Type.EQ, "nope")));
        assertEquals(List.of(), select(f, LabelMatcher.of("missing", Type.EQ, "x")));
    }

    @Test
    void regexMatcherMatchesWholeValues() throws IOException {
        IndexFile f = IndexFile.decode(sample().encode());
        assertEquals(List.of(API_PROD, DB), select(f, LabelMatcher.of("app", Type.RE, "api|db")).stream().sorted().toList());
        assertEquals(List.of(), select(f, LabelMatcher.of("app", Type.RE, "we")));
        assertEquals(List.of(API_PROD), select(f, LabelMatcher.of("team", Type.RE, "ü.*")));
    }

    @Test
    void negativeMatchersTreatAMissingLabelAsEmpty() throws IOException {
        IndexFile f = IndexFile.decode(sample().encode());
        // db has no env label: != "prod" matches it, as in Loki.
        assertEquals(List.of(DB, WEB_DEV), select(f, LabelMatcher.of("env", Type.NEQ, "prod")).stream().sorted().toList());
        assertEquals(List.of(API_PROD, DB), select(f, LabelMatcher.of("app", Type.NRE, "web")).stream().sorted().toList());
        // env="" selects series without env; env=~".*" selects all.
        assertEquals(List.of(DB), select(f, LabelMatcher.of("env", Type.EQ, "")));
        assertEquals(4, select(f, LabelMatcher.of("env", Type.RE, ".*")).size());
        assertEquals(List.of(WEB_PROD), select(f, LabelMatcher.of("app", Type.EQ, "web"), LabelMatcher.of("env", Type.NRE, "d.*")));
    }

    @Test
    void onlyChunksOverlappingTheClosedRangeAreKept() throws IOException {
        IndexFile f = IndexFile.decode(sample().encode());
        List<SeriesChunks> s = f.select(List.of(LabelMatcher.of("app", Type.EQ, "web")), 199, 200);
        assertEquals(1, s.size(), "web-dev ends at 150 and is left out");
        assertEquals(List.of("c/web-prod/1", "c/web-prod/2"), s.getFirst().chunks().stream().map(ChunkRef::key).toList());
        assertEquals(List.of(), f.select(List.of(LabelMatcher.of("app", Type.EQ, "api")), 0, 299));
        assertEquals(List.of(DB), labelsOf(f.select(List.of(), 1000, 5000)));
        assertEquals(4, f.select(List.of(), 0, 1000).size());
    }

    @Test
    void corruptedIndexFilesAreRejected() {
        byte[] good = sample().encode();
        assertEquals("SGYI", new String(good, 0, 4, StandardCharsets.US_ASCII));
        for (int i = 0; i < good.length; i += 3) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            final int at = i;
            assertThrows(IOException.class, () -> IndexFile.decode(bad), "flipped byte " + at);
        }
        assertThrows(IOException.class, () -> IndexFile.decode(new byte[2]));
    }

    @Test
    void anEmptyIndexRoundTrips() throws IOException {
        IndexFile d = IndexFile.decode(new IndexFile("t", 1, List.of()).encode());
        assertEquals(List.of(), d.series());
        assertEquals(List.of(), d.select(List.of(LabelMatcher.of("a", Type.EQ, "b")), 0, 10));
    }

    /** Written by the version 1 writer: web-prod with chunk c/web-prod/1 (100..199, 10 entries, 1000 bytes), db with c/db/1. */
    private static final String VERSION_1_FILE = "U0dZSQEIdGVuYW50LWHoswIFA2FwcAJkYgNlbnYEcHJvZAN3ZWICAQAB7h3s8mBavZABBmMvZGIvMQDQDwOQAwIABAIDp4K3H0Y2zHgB"
            + "DGMvd2ViLXByb2QvMcgBxgEK6AcCAAIBAQAEAQECAQMBAX/rtfQ=";

    @Test
    void versionOneFilesStillReadWithTheirLineBytesUnknown() throws IOException {
        IndexFile old = IndexFile.decode(java.util.Base64.getDecoder().decode(VERSION_1_FILE));
        assertEquals(List.of(DB, WEB_PROD), labelsOf(old.series()));
        ChunkRef web = old.series().get(1).chunks().getFirst();
        assertEquals(new ChunkRef("c/web-prod/1", 100, 199, 10, 1000, ChunkRef.UNKNOWN_LINE_BYTES), web);
        assertFalse(web.knowsLineBytes());
        assertEquals(List.of(DB, WEB_PROD), select(old, LabelMatcher.of("app", Type.RE, "web|db")));
    }

    @Test
    void aMergeOfOldAndNewFilesKeepsKnownAndUnknownLineBytes() throws IOException {
        IndexFile old = IndexFile.decode(java.util.Base64.getDecoder().decode(VERSION_1_FILE));
        List<SeriesChunks> both = new java.util.ArrayList<>(old.series());
        both.add(new SeriesChunks(WEB_PROD, List.of(new ChunkRef("c/web-prod/9", 500, 600, 2, 50, 0))));
        IndexFile merged = IndexFile.decode(new IndexFile("tenant-a", 19_700, both).encode());
        List<Long> lineBytes = merged.series().get(1).chunks().stream().map(ChunkRef::lineBytes).toList();
        assertEquals(List.of(ChunkRef.UNKNOWN_LINE_BYTES, 0L), lineBytes, "an empty-lines chunk is not unknown");
    }
}
