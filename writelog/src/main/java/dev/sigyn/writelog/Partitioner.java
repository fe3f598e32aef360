package dev.sigyn.writelog;

import dev.sigyn.logql.Labels;

import java.nio.charset.StandardCharsets;

/**
 * The write-log partition of a stream: a hash of its tenant and labels, modulo the topic's partition count. Every
 * distributor computes the same, so a stream's records all land on one partition, in the order they were produced,
 * and one ingester holds the whole stream.
 */
public final class Partitioner {
    private Partitioner() {}

    public static int partition(String tenant, Labels labels, int partitions) {
        long h = labels.fingerprint();
        for (byte b : tenant.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) partitions);
    }
}
