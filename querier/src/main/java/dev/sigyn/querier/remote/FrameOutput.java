package dev.sigyn.querier.remote;

import dev.sigyn.logql.Cancellation;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends the frames of one answer from the threads that read (never an event loop), with back-pressure: frames are
 * gathered into pieces of about {@link #PIECE_BYTES}, and a reading thread hands a piece over only once the
 * response has room for it, so a slow querier slows the read instead of filling the ingester's memory. Once the
 * querier has gone, the read's cancellation fires and the waiting thread stops. Thread-safe.
 */
final class FrameOutput {
    static final int PIECE_BYTES = 64 << 10;

    private final Context context;
    private final HttpServerResponse response;
    private final Cancellation cancellation;
    /** One permit: taken to hand a piece over, given back once the response's write queue has room again. */
    private final Semaphore room = new Semaphore(1);
    private Buffer piece = Buffer.buffer(PIECE_BYTES);
    private volatile long lastSentMillis = System.currentTimeMillis();

    FrameOutput(Context context, HttpServerResponse response, Cancellation cancellation) {
        this.context = context;
        this.response = response;
        this.cancellation = cancellation;
    }

    /** Adds a frame; blocks while the response cannot take more. */
    synchronized void write(Frame frame) {
        Frame.write(frame, piece);
        if (piece.length() >= PIECE_BYTES) flush();
    }

    /** Sends what is gathered; blocks while the response cannot take more. */
    synchronized void flush() {
        if (piece.length() == 0) return;
        awaitRoom();
        Buffer sending = piece;
        piece = Buffer.buffer(PIECE_BYTES);
        lastSentMillis = System.currentTimeMillis();
        context.runOnContext(v -> {
            if (response.closed()) {
                room.release();
                return;
            }
            response.write(sending);
            if (!response.writeQueueFull()) room.release();
            else response.drainHandler(d -> room.release());
        });
    }

    /** Sends the trailer and ends the answer. */
    synchronized void finish(Frame.Trailer trailer) {
        Frame.write(trailer, piece);
        Buffer last = piece;
        piece = Buffer.buffer(0);
        context.runOnContext(v -> {
            if (!response.closed()) response.end(last);
        });
    }

    /**
     * On the response's event loop: sends a heartbeat when nothing was sent for {@code silenceMillis} and the response
     * has room, so that the querier can tell a long read that finds nothing from a dead ingester.
     */
    void heartbeatIfSilent(long silenceMillis) {
        long now = System.currentTimeMillis();
        if (response.ended() || response.closed() || now - lastSentMillis < silenceMillis) return;
        if (!room.tryAcquire()) return; // a piece is waiting for room: the querier is slow, not gone
        lastSentMillis = now;
        Buffer heartbeat = Buffer.buffer(8);
        Frame.write(new Frame.Heartbeat(), heartbeat);
        response.write(heartbeat);
        if (!response.writeQueueFull()) room.release();
        else response.drainHandler(d -> room.release());
    }

    private void awaitRoom() {
        try {
            while (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) cancellation.check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel(e);
            cancellation.check();
        }
    }
}
