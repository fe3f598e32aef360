package dev.sigyn.querier.remote;

import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the bytes of an answer, as they arrive in pieces of any size, into {@link Frame}s. Used by one thread at a time.
 */
final class FrameDecoder {
    /** A frame is a batch of entries or one stream's labels; anything larger is a broken peer, not a big answer. */
    static final int MAX_FRAME_BYTES = 64 << 20;

    private byte[] pending = new byte[8192];
    private int start, end;

    /** The frames {@code piece} completes, in order; bytes of an incomplete frame are kept for the next piece. */
    List<Frame> feed(Buffer piece) throws IOException {
        append(piece);
        List<Frame> frames = new ArrayList<>();
        while (true) {
            int pos = start, length = 0, shift = 0;
            boolean haveLength = false;
            while (pos < end) { // the varint length
                byte b = pending[pos++];
                length |= (b & 0x7f) << shift;
                if (b >= 0) {
                    haveLength = true;
                    break;
                }
                shift += 7;
                if (shift > 28) throw new IOException("malformed frame length");
            }
            if (!haveLength) break;
            if (length < 0 || length > MAX_FRAME_BYTES) throw new IOException("frame of " + length + " bytes");
            if (end - pos < length) break;
            frames.add(Frame.read(pending, pos, length));
            start = pos + length;
        }
        return frames;
    }

    /** Whether bytes of a frame are waiting for the rest of it. */
    boolean hasPartialFrame() {
        return end > start;
    }

    private void append(Buffer piece) {
        int n = piece.length();
        if (end + n > pending.length) {
            int kept = end - start;
            if (kept + n > pending.length) {
                pending = Arrays.copyOfRange(pending, start, start + Math.max(pending.length * 2, kept + n));
            } else {
                System.arraycopy(pending, start, pending, 0, kept);
            }
            start = 0;
            end = kept;
        }
        piece.getBytes(0, n, pending, end);
        end += n;
    }
}
