package dev.sigyn.ingester;

import dev.sigyn.format.ByteSizes;

/**
 * A push refused because the ingester already holds more unflushed log data than {@code ingester.max_unflushed_bytes}
 * (this happens while flushes to the object store fail). Nothing of the push was written; the client should retry
 * later, which is why HTTP answers it with 503.
 */
public final class BacklogFullException extends PushUnavailableException {
    public BacklogFullException(long unflushedBytes, long limitBytes) {
        super(message(unflushedBytes, limitBytes));
    }

    /** The text clients see, worded like Loki's limit errors. */
    public static String message(long unflushedBytes, long limitBytes) {
        return "ingester unflushed data limit exceeded (limit: " + ByteSizes.formatConfig(limitBytes) + ", unflushed: "
                + unflushedBytes + " bytes): the ingester cannot flush to the object store, retry later or contact"
                + " your Loki administrator to check the object store";
    }
}
