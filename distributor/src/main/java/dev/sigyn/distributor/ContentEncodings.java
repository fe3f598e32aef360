package dev.sigyn.distributor;

import dev.sigyn.logql.Labels;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes the HTTP {@code Content-Encoding} of a push body as Loki does: none and {@code snappy} pass through (snappy is
 * the protobuf framing, decoded later), {@code gzip} and {@code deflate} are inflated, anything else is refused.
 */
final class ContentEncodings {
    private ContentEncodings() {}

    /** True when the body must be inflated before it is decoded. */
    static boolean isCompressed(String encoding) throws PushRejection {
        if (encoding == null || encoding.isEmpty() || encoding.equals("snappy")) return false;
        if (encoding.equals("gzip") || encoding.equals("deflate")) return true;
        StringBuilder quoted = new StringBuilder();
        Labels.quote(quoted, encoding);
        throw PushRejection.badRequest("Content-Encoding " + quoted + " not supported");
    }

    /**
     * The inflated body as a stream that fails with {@link DecompressedBodyTooLarge} once it has produced more than
     * {@code limit} bytes. Only for encodings {@link #isCompressed} accepted.
     */
    static InputStream inflate(String encoding, byte[] body, int length, long limit) throws PushRejection {
        InputStream raw = new ByteArrayInputStream(body, 0, length);
        InputStream inflated;
        if (encoding.equals("gzip")) {
            try {
                inflated = new GZIPInputStream(raw, 64 * 1024);
            } catch (IOException e) {
                throw PushRejection.badRequest("gzip: invalid header");
            }
        } else {
            // Loki reads raw DEFLATE (Go's compress/flate); HTTP clients that follow RFC 9110 send it zlib-wrapped.
            // Both are accepted: a zlib header is two bytes whose big-endian value is a multiple of 31.
            boolean zlib = length >= 2 && (body[0] & 0x0f) == 8 && (((body[0] & 0xff) << 8) | (body[1] & 0xff)) % 31 == 0;
            inflated = new InflaterInputStream(raw, new Inflater(!zlib), 64 * 1024) {
                @Override
                public void close() throws IOException {
                    super.close();
                    inf.end(); // a caller-supplied Inflater is not released by close()
                }
            };
        }
        return new LimitedInputStream(inflated, limit);
    }

    /** The decompressed body passed its limit: Loki answers 413. */
    static final class DecompressedBodyTooLarge extends IOException {
        final long size;
        final long limit;

        DecompressedBodyTooLarge(long size, long limit) {
            super("decompressed message size too large than max (" + size + " vs " + limit + ")", null);
            this.size = size;
            this.limit = limit;
        }

        PushRejection rejection() {
            return new PushRejection(413, "request body too large: " + getMessage());
        }
    }

    /** Counts what the wrapped stream produces and stops one byte past the limit, like Go's io.LimitReader(max+1). */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = in.read(b, off, (int) Math.min(len, limit + 1 - count));
            if (n > 0) {
                count += n;
                if (count > limit) throw new DecompressedBodyTooLarge(count, limit);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
