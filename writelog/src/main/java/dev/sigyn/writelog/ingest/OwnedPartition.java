package dev.sigyn.writelog.ingest;

import dev.sigyn.ingester.Ingester;

/**
 * A write-log partition this process owns: its ingester (null until its snapshot is restored), the offset of the
 * next record to apply, the offset it must reach before it may answer queries (the end of the log when it was
 * taken over), and the snapshot its last commit names.
 */
final class OwnedPartition {
    final int partition;
    Ingester ingester;
    long nextOffset;
    long catchUpOffset = Long.MAX_VALUE;
    volatile boolean caughtUp;
    long committedOffset = -1;
    String committedSnapshot = "";
    long assignedAtNanos = System.nanoTime();
    /** Restore attempts that failed in a row (the object store or Kafka unreachable). */
    int failedRestores;
    long nextRestoreAtNanos;

    OwnedPartition(int partition) {
        this.partition = partition;
    }
}
