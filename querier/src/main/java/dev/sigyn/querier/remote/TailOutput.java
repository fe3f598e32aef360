package dev.sigyn.querier.remote;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.tail.TailListener;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;

/**
 * Sends a live tail's lines to the querier that opened it. The tail's threads must never wait, so a line that finds
 * the response's write queue full is not sent: it becomes a drop note (stream and time), sent once there is room,
 * which the querier reports as {@code dropped_entries} as it does for its own slow clients. All sending happens on
 * the response's event loop.
 */
final class TailOutput implements TailListener {
    /** Drop notes beyond this many are lost too: a querier this far behind hears that it is, not of every line. */
    private static final int MAX_DROP_NOTES = 1000;

    private final Context context;
    private final HttpServerResponse response;
    private final ArrayDeque<Frame.TailDropped> dropped = new ArrayDeque<>();
    private long lastSentMillis = System.currentTimeMillis();

    TailOutput(Context context, HttpServerResponse response) {
        this.context = context;
        this.response = response;
    }

    @Override
    public void onLine(LogLine line) {
        context.runOnContext(v -> send(new Frame.TailLine(line), line.stream(), line.timestampNanos()));
    }

    @Override
    public void onDropped(Labels stream, long timestampNanos) {
        context.runOnContext(v -> send(new Frame.TailDropped(stream, timestampNanos), stream, timestampNanos));
    }

    /** On the event loop: a heartbeat when the tail has been quiet, so the querier can tell it from a dead ingester. */
    void heartbeat() {
        if (System.currentTimeMillis() - lastSentMillis < IngesterReadService.HEARTBEAT_MILLIS) return;
        send(new Frame.Heartbeat(), null, 0);
    }

    /** On the event loop: answers the tail request (its head tells the querier that the tail is open). */
    void open() {
        if (response.closed() || response.ended() || response.headWritten()) return;
        response.setStatusCode(200).putHeader("Content-Type", IngesterReadService.FRAMES_TYPE).writeHead();
    }

    private void send(Frame frame, Labels stream, long timestampNanos) {
        if (response.closed() || response.ended()) return;
        open(); // lines may come before the subscription has returned
        if (response.writeQueueFull()) {
            if (stream != null && dropped.size() < MAX_DROP_NOTES) dropped.add(new Frame.TailDropped(stream, timestampNanos));
            return;
        }
        Buffer out = Buffer.buffer();
        while (!dropped.isEmpty()) Frame.write(dropped.poll(), out);
        Frame.write(frame, out);
        lastSentMillis = System.currentTimeMillis();
        response.write(out);
    }
}
