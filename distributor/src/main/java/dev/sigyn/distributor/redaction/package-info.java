/**
 * Redaction at ingest: each tenant's {@code limits_config.redaction} rules, compiled once per distinct rule list, mask
 * secrets in pushed lines, structured metadata and (when asked) label values before the push reaches the WAL or Kafka.
 * Built-in detectors look for a cheap byte pattern first and run their RE2 expression only on lines where it occurs.
 */
package dev.sigyn.distributor.redaction;
