/**
 * The distributor receives logs: Loki's push API ({@link dev.sigyn.distributor.PushApi}) decodes protobuf and JSON
 * pushes, validates them against the tenant's limits, applies the ingestion rate limit, and hands the valid entries
 * to the ingester through {@link dev.sigyn.ingester.Pusher}. docs/push-api.md describes what clients see.
 */
package dev.sigyn.distributor;
