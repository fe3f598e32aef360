package dev.sigyn.querier;

import dev.sigyn.logql.source.ListedLogSource;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.ChunkStats;
import dev.sigyn.logql.source.IndexStatsSource;
import dev.sigyn.logql.source.LogSource;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;
import dev.sigyn.logql.source.StreamStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.sigyn.querier.ApiServer.form;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * index/stats, index/volume and index/volume_range answer from chunk metadata: a source whose lines cannot be read
 * still answers, and a chunk partly inside the range counts in proportion to its time span inside.
 */
class IndexStatsApiTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_793_491_200L * S;

    /** Knows its chunks' metadata only: reading a line fails the call. */
    private static final class MetadataOnly implements ListedLogSource, IndexStatsSource {
        private final List<StreamStats> streams = new ArrayList<>();

        MetadataOnly chunk(Labels labels, long from, long through, long entries, long bytes) {
            streams.add(new StreamStats(labels, List.of(new ChunkStats(from, through, entries, bytes))));
            return this;
        }

        @Override
        public List<StreamStats> chunkStats(String tenant, List<LabelMatcher> matchers, long from, long through) {
            List<StreamStats> out = new ArrayList<>();
            for (StreamStats s : streams) {
                boolean matches = matchers.stream().allMatch(m -> m.matches(s.labels()));
                if (matches && s.chunks().getFirst().overlaps(from, through)) out.add(s);
            }
            return out;
        }

        @Override
        public List<StreamResult> select(String tenant, StreamQuery query) {
            throw new AssertionError("lines were read");
        }

        @Override
        public Set<Labels> series(String tenant, List<LabelMatcher> matchers, long start, long end) {
            throw new AssertionError("series were read");
        }
    }

    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        MetadataOnly source = new MetadataOnly()
                .chunk(Labels.of("app", "web"), T0, T0 + 100 * S, 100, 10_000)
                .chunk(Labels.of("app", "api"), T0 + 10 * S, T0 + 20 * S, 4, 40);
        server = new ApiServer(List.of(source), ApiServer.config(false), Instant.ofEpochSecond(T0 / S + 7200));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void statsCountWholeChunksExactlyAndPartOfAChunkInProportion() throws Exception {
        JsonNode body = server.getJson(null, "/loki/api/v1/index/stats",
                form("query", "{app=~\".+\"}", "start", Long.toString(T0), "end", Long.toString(T0 + 50 * S)));
        assertEquals(2, body.get("streams").asLong());
        assertEquals(2, body.get("chunks").asLong());
        assertEquals(50 + 4, body.get("entries").asLong(), "half of web's chunk, all of api's");
        assertEquals(5_000 + 40, body.get("bytes").asLong());
    }

    @Test
    void volumeRangeSpreadsAChunkOverTheBucketsItSpans() throws Exception {
        JsonNode result = server.getJson(null, "/loki/api/v1/index/volume_range",
                form("query", "{app=\"web\"}", "start", Long.toString(T0), "end", Long.toString(T0 + 100 * S),
                        "step", "50s")).get("data").get("result");
        assertEquals(1, result.size());
        JsonNode values = result.get(0).get("values");
        assertEquals(2, values.size(), values.toString());
        assertEquals(5_000, values.get(0).get(1).asLong(), "[0s, 50s) holds half of the chunk's span");
        assertEquals(5_000, values.get(1).get(1).asLong(), "[50s, 100s] the other half");
    }
}
