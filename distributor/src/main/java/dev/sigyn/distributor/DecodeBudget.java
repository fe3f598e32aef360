package dev.sigyn.distributor;

import java.io.IOException;

/**
 * What decoding one push may build, checked while it is built: a small body must not inflate or expand into
 * gigabytes. Two sizes are counted against {@code distributor.max_recv_msg_size} (413 past it, Loki's wording): the
 * bytes decompression produces, and an estimate of the decoded push in memory (each stream, entry, label or
 * attribute counts its text plus {@link #OBJECT_BYTES}). Both are also held in the push's share of
 * {@code distributor.max_inflight_bytes} (503 past it). Used by the one thread decoding the push.
 */
final class DecodeBudget {
    /**
     * About what one decoded object (an entry, a stream, a label pair, an attribute) costs in memory besides its
     * text: object headers, fields, the list slot that holds it, and what label parsing and validation build from
     * it. Without it, a body of empty entries ({@code 0x12 0x00} per entry, {@code {},} per JSON stream) would
     * expand ten- to fifty-fold.
     */
    static final int OBJECT_BYTES = 64;
    /** The in-flight share is taken in steps, not per object, so that decoding does not contend on one counter. */
    private static final long HOLD_STEP = 64 * 1024;

    private final long maxBytes;
    private final InflightBytes.Lease lease;
    private long inflated;
    private long buffers;
    private long decoded;
    private long held;

    /**
     * @param maxBytes the most bytes decompression may produce, and the most the decoded push may take
     * @param lease    the push's share of the in-flight bytes, already holding its received body
     */
    DecodeBudget(long maxBytes, InflightBytes.Lease lease) {
        this.maxBytes = maxBytes;
        this.lease = lease;
    }

    /** A budget with the size limit only (no in-flight accounting). */
    static DecodeBudget sizeOnly(long maxBytes) {
        return new DecodeBudget(maxBytes, InflightBytes.unlimited().lease());
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Inflating the body's gzip or deflate encoding produced {@code n} more bytes. */
    void inflated(long n) throws Exceeded {
        inflated += n;
        checkDecompressed(inflated, n);
    }

    /** A snappy block declares this uncompressed size: checked before its buffer is allocated. */
    void unsnappied(long size) throws Exceeded {
        checkDecompressed(size, size);
    }

    private void checkDecompressed(long size, long more) throws Exceeded {
        if (size > maxBytes) {
            throw tooLarge("decompressed message size too large than max (" + size + " vs " + maxBytes + ")");
        }
        buffers += more;
        hold();
    }

    /** Decoding built one more object holding {@code textBytes} bytes of text (lines, names, values). */
    void decoded(long textBytes) throws Exceeded {
        decoded += OBJECT_BYTES + textBytes;
        if (decoded > maxBytes) {
            throw tooLarge("decoded message size too large than max (" + decoded + " vs " + maxBytes + ")");
        }
        hold();
    }

    private void hold() throws Exceeded {
        long total = buffers + decoded;
        if (total <= held) return;
        long step = Math.max(HOLD_STEP, total - held);
        if (!lease.tryAdd(step)) throw new Exceeded(new PushRejection(503, lease.refusal()));
        held += step;
    }

    private static Exceeded tooLarge(String message) {
        return new Exceeded(new PushRejection(413, "request body too large: " + message));
    }

    /**
     * A limit passed in the middle of decoding. An IOException so that it crosses the stream and parser APIs the
     * decoders work through; each decoder turns it back into its rejection.
     */
    static final class Exceeded extends IOException {
        private final PushRejection rejection;

        Exceeded(PushRejection rejection) {
            super(rejection.getMessage(), null);
            this.rejection = rejection;
        }

        PushRejection rejection() {
            return rejection;
        }
    }
}
