package dev.sigyn.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapTargetTest {
    private static final long MIB = 1L << 20;

    @Test
    void aLargeHeapIsKeptNearOneGibibyte() {
        assertEquals(1024 * MIB, HeapTarget.target(6 * 1024 * MIB));
    }

    @Test
    void aSmallHeapGetsATargetBelowItsMaximum() {
        // A fixed 1 GiB target would stop a JVM with a 512 MiB heap from starting at all.
        assertEquals(512 * MIB / 10 * 9, HeapTarget.target(512 * MIB));
    }
}
