/**
 * The ruler: LogQL alerting and recording rules in Prometheus' rule-file format, per tenant and namespace; their
 * storage (a local directory, read-only, or the object store), Loki's rules API, evaluation, notifications to
 * Alertmanager and recorded samples to Prometheus' remote write.
 */
package dev.sigyn.ruler;
