/**
 * The ingester's write-ahead log: append-only segment files of CRC-protected records, group-committed fsyncs,
 * checkpoints of all unflushed data, and replay that truncates torn tails. The format is described in docs/wal.md.
 */
package dev.sigyn.ingester.wal;
