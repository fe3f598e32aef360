/**
 * The ruler: LogQL alerting and recording rules in Prometheus' rule-file format, kept per tenant and namespace
 * ({@code rules}, {@code store}), served by Loki's rules API ({@code api}), evaluated on a schedule
 * ({@code alerting}) and handed to Alertmanager ({@code notify}).
 */
package dev.sigyn.ruler;
