/**
 * Recording rules' samples sent to a Prometheus remote-write receiver (remote write 1.0: protobuf, snappy). Samples
 * are first made durable in a per-tenant queue on local disk ({@link dev.sigyn.ruler.remotewrite.SegmentQueue}, Loki's
 * "ruler WAL"), then posted in order by one sender per tenant that retries with backoff, so an outage of the
 * receiver, or a restart of Sigyn, loses no sample.
 */
package dev.sigyn.ruler.remotewrite;
