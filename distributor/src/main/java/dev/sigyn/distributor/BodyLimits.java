package dev.sigyn.distributor;

import dev.sigyn.config.DistributorConfig;

/**
 * Size limits of a push body: as received, and as decompressed and decoded ({@link DecodeBudget}). Both are
 * {@code distributor.max_recv_msg_size} (Loki's default, 100 MiB), so that no push, however well it compresses,
 * makes the server hold more than that.
 */
record BodyLimits(long maxReceivedBytes, long maxDecodedBytes) {
    static final BodyLimits DEFAULTS = of(DistributorConfig.defaults());

    static BodyLimits of(DistributorConfig config) {
        return new BodyLimits(config.maxRecvMsgSize(), config.maxRecvMsgSize());
    }
}
