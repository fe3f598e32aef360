package dev.sigyn.config;

/**
 * {@code distributor:} block: what one process accepts of pushes at once.
 *
 * @param maxRecvMsgSize   {@code max_recv_msg_size} (Loki's, 100 MiB): the largest push body, both as received and
 *                         once decompressed and decoded; larger pushes get 413
 * @param maxInflightBytes {@code max_inflight_bytes} (Loki's key): the most push bytes (received plus decompressed)
 *                         held at once by pushes still being read or stored; past it pushes get 503. Loki's default
 *                         is 0 (no limit); Sigyn's is a quarter of the JVM's maximum heap. 0 means no limit.
 */
public record DistributorConfig(long maxRecvMsgSize, long maxInflightBytes) {
    public static final long DEFAULT_MAX_RECV_MSG_SIZE = 100L << 20;

    public static DistributorConfig defaults() {
        return new DistributorConfig(DEFAULT_MAX_RECV_MSG_SIZE, defaultMaxInflightBytes());
    }

    /** A quarter of the heap the JVM may grow to, whatever -Xmx or MaxRAMPercentage made it. */
    public static long defaultMaxInflightBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }

    public DistributorConfig withMaxRecvMsgSize(long maxRecvMsgSize) {
        return new DistributorConfig(maxRecvMsgSize, maxInflightBytes);
    }

    public DistributorConfig withMaxInflightBytes(long maxInflightBytes) {
        return new DistributorConfig(maxRecvMsgSize, maxInflightBytes);
    }
}
