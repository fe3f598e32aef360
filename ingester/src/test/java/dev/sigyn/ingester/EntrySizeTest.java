package dev.sigyn.ingester;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loki's entry size: UTF-8 bytes of the line and of the metadata pairs, detected_level left out. */
class EntrySizeTest {
    private static final Entry WITH_METADATA = new Entry(1, "caf\u00e9", Labels.of("trace_id", "abc"));

    @Test
    void countsUtf8BytesOfTheLineAndOfMetadataNamesAndValues() {
        assertEquals(5 + "trace_id".length() + 3, EntrySize.of(WITH_METADATA));
    }

    @Test
    void leavesOutTheDetectedLevelLokiAddsItself() {
        Entry leveled = new Entry(1, "caf\u00e9", Labels.of("detected_level", "info", "trace_id", "abc"));
        assertEquals(EntrySize.of(WITH_METADATA), EntrySize.of(leveled));
    }

    @Test
    void encodedEntriesMeasureTheSameAsDecodedOnes() {
        EncodedEntries encoded = new EncodedEntries.Builder(2).add(WITH_METADATA).add(new Entry(2, "plain")).build();
        assertEquals(EntrySize.of(List.of(WITH_METADATA, new Entry(2, "plain"))), EntrySize.of(encoded));
        assertEquals(EntrySize.of(WITH_METADATA), EntrySize.of(encoded.encoded(0)));
    }
}
