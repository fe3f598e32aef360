package dev.sigyn.distributor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The push bytes this process holds at once ({@code distributor.max_inflight_bytes}): bodies still arriving, and what
 * decoding makes of them until the push is answered. Each push takes a {@link Lease}; past the limit a push is refused
 * (503, retryable) instead of growing the heap until it runs out. Thread-safe.
 */
final class InflightBytes {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    /** @param limit the most bytes held at once; 0 means no limit */
    InflightBytes(long limit) {
        this.limit = limit;
    }

    static InflightBytes unlimited() {
        return new InflightBytes(0);
    }

    Lease lease() {
        return new Lease();
    }

    long held() {
        return held.get();
    }

    /** What a refused push is told: Loki's words for its own load limit, and the key that sets ours. */
    String refusal() {
        return "The server cannot accept more requests at this time: pushes in progress would hold more than"
                + " distributor.max_inflight_bytes (" + limit + " bytes); retry later";
    }

    /**
     * The bytes one push holds. Used by one thread at a time (the event loop while the body arrives, then a worker
     * while it is decoded, handed over through a future); {@link #close} once the push is answered.
     */
    final class Lease implements AutoCloseable {
        private long bytes;

        private Lease() {}

        /** Takes {@code n} more bytes, or none and false when that would pass the limit. */
        boolean tryAdd(long n) {
            long now = held.addAndGet(n);
            if (limit > 0 && now > limit) {
                held.addAndGet(-n);
                return false;
            }
            bytes += n;
            return true;
        }

        long bytes() {
            return bytes;
        }

        String refusal() {
            return InflightBytes.this.refusal();
        }

        /** Gives every byte back; closing again does nothing. */
        @Override
        public void close() {
            held.addAndGet(-bytes);
            bytes = 0;
        }
    }
}
