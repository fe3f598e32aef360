package dev.sigyn.distributor;

/**
 * Size limits of a push body, Loki's defaults: 100 MiB as received ({@code distributor.max_recv_msg_size}) and
 * 5000 MiB once decompressed ({@code distributor.max_decompressed_size}).
 */
record BodyLimits(long maxReceivedBytes, long maxDecompressedBytes) {
    static final BodyLimits DEFAULTS = new BodyLimits(100L << 20, 5000L << 20);
}
