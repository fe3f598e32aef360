package dev.sigyn.distributor;

import dev.sigyn.format.Quoting;

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
        Quoting.quote(quoted, encoding);
        throw PushRejection.badRequest("Content-Encoding " + quoted + " not supported");
    }

    /**
     * The inflated body as a stream that counts what it produces into the push's {@link DecodeBudget}, and fails
     * with {@link DecodeBudget.Exceeded} one byte past its size limit. Only for encodings {@link #isCompressed}
     * accepted.
     */
    static InputStream inflate(String encoding, byte[] body, int length, DecodeBudget budget) throws PushRejection {
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
        return new BudgetedInputStream(inflated, budget);
    }

    /**
     * Counts what the wrapped stream produces and reads at most one byte past the budget's limit, like Go's
     * io.LimitReader(max+1), so that the budget refuses the stream before more than that is inflated.
     */
    private static final class BudgetedInputStream extends InputStream {
        private final InputStream in;
        private final DecodeBudget budget;
        private long count;

        BudgetedInputStream(InputStream in, DecodeBudget budget) {
            this.in = in;
            this.budget = budget;
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
            int n = in.read(b, off, (int) Math.min(len, budget.maxBytes() + 1 - count));
            if (n > 0) {
                count += n;
                budget.inflated(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
