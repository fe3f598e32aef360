package dev.sigyn.store.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ObjectKeysTest {
    @Test
    void anIndexKeyReadsBackAsItsPeriodAndTenant() {
        String key = ObjectKeys.indexKey(20_000, "acme", "ingester-1", 42);
        assertEquals(new ObjectKeys.IndexFile(key, 20_000, "acme"), ObjectKeys.parseIndexKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"index/20000/acme/", "index/20000/acme/file.json", "index/x/acme/a-1.idx",
            "index/20000/acme/deeper/a-1.idx", "chunks/acme/1/2-3-4", "other/20000/acme/a-1.idx"})
    void whatIsNotAnIndexFileIsNone(String key) {
        assertNull(ObjectKeys.parseIndexKey(key));
    }
}
