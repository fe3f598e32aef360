/**
 * The ingester keeps recent log data: per-tenant streams in memory (Loki's push rules: out-of-order window,
 * duplicates, stream and per-stream rate limits), made durable by a write-ahead log ({@code wal}), cut into chunks
 * that a background loop flushes to the object store with index files. It also answers queries about the data it
 * still holds. Entry point: {@link dev.sigyn.ingester.Ingester}. Other components reach it only through its seams:
 * {@link dev.sigyn.ingester.Pusher}, {@link dev.sigyn.logql.source.LogSource},
 * {@link dev.sigyn.logql.tail.LiveTails}, {@link dev.sigyn.config.Readiness} and
 * {@link dev.sigyn.ingester.IngesterAdmin}, which a network client can implement in microservices mode.
 */
package dev.sigyn.ingester;
