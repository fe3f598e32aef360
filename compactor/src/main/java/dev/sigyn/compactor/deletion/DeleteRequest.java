package dev.sigyn.compactor.deletion;

/**
 * A request to delete a tenant's lines matching {@code query} with timestamps in [start, end], both ends included and
 * in milliseconds as Loki keeps them (an entry's timestamp is compared at millisecond precision).
 *
 * @param requestId      short random ID, unique per tenant
 * @param createdAtMillis when the request was received; it is processed once the cancel period has passed since
 */
public record DeleteRequest(String requestId, String tenant, String query, long startMillis, long endMillis,
                            long createdAtMillis, Status status) {

    /** Loki's statuses; a cancelled request is removed rather than given a status. */
    public enum Status {
        RECEIVED("received"), PROCESSED("processed");

        public final String text;

        Status(String text) {
            this.text = text;
        }

        static Status of(String text) {
            for (Status s : values()) if (s.text.equals(text)) return s;
            throw new IllegalArgumentException("unknown delete request status " + text);
        }
    }

    /** The first nanosecond the request covers. */
    public long startNanos() {
        return Math.multiplyExact(startMillis, 1_000_000L);
    }

    /** The last nanosecond the request covers (the end millisecond is included whole). */
    public long endNanos() {
        return Math.multiplyExact(endMillis, 1_000_000L) + 999_999L;
    }

    public boolean covers(long timestampNanos) {
        return timestampNanos >= startNanos() && timestampNanos <= endNanos();
    }

    /** True when [fromNanos, throughNanos] (both included) shares a nanosecond with the request. */
    public boolean overlaps(long fromNanos, long throughNanos) {
        return fromNanos <= endNanos() && throughNanos >= startNanos();
    }

    DeleteRequest withStatus(Status s) {
        return new DeleteRequest(requestId, tenant, query, startMillis, endMillis, createdAtMillis, s);
    }
}
