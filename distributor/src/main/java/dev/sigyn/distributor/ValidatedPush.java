package dev.sigyn.distributor;

import dev.sigyn.ingester.StreamPush;

import java.util.List;

/**
 * What validation kept of a push: the valid entries grouped by stream (streams with equal label sets merged), their
 * count and size (line plus structured metadata bytes, what the rate limit meters), and the messages of what it refused.
 */
record ValidatedPush(List<StreamPush> streams, int lines, long bytes, GroupedErrors errors) {
}
