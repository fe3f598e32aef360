package dev.sigyn.querier.tail;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;
import dev.sigyn.logql.tail.LiveTails;
import dev.sigyn.logql.tail.TailListener;
import dev.sigyn.querier.QueryThreads;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One live tail on one WebSocket. New lines arrive from {@link LiveTails}, the query's pipeline already applied where
 * the data is, into a bounded queue ({@link #onLine}, never blocking); a tick every {@link #TICK_MILLIS} ms drains it
 * on a worker: leaves out lines the history already sent, holds lines for {@code delay_for} so that they go out in
 * time order, and writes frames of at most {@link #MAX_ENTRIES_PER_FRAME} lines. When the client falls behind (the
 * socket's write queue is full, the arrival queue overflows, or the source had to drop entries) the lines are listed
 * in the next frame's {@code dropped_entries}.
 */
final class TailSession implements TailListener {
    private static final Logger log = LoggerFactory.getLogger(TailSession.class);
    static final long TICK_MILLIS = 100;
    /** Loki pings every second so that dead connections are noticed even when nothing is sent. */
    static final long PING_MILLIS = 1000;
    static final int MAX_ENTRIES_PER_FRAME = 100;
    /** Frames stop growing past this many line bytes, so that long lines do not make huge messages. */
    static final int MAX_FRAME_LINE_BYTES = 256 * 1024;
    /** Loki keeps at most this many dropped-entry notes until the next frame that gets through. */
    static final int MAX_DROPPED_ENTRIES = 1000;
    /** Close code for server-side errors, with the reason text, as Loki closes a tail. */
    static final short CLOSE_INTERNAL_ERROR = 1011;

    /** The buffers' bounds: lines waiting for the next tick, bytes waiting in the socket. */
    record Bounds(int maxQueuedEntries, int maxWriteQueueBytes) {
        static final Bounds DEFAULTS = new Bounds(10_000, 1 << 20);
    }

    private final Vertx vertx;
    /** The tail threads: frames are built there, at the query threads' lower priority. */
    private final WorkerExecutor workers;
    /** Set by {@link #start}: a session subscribes, so that no line is missed, before its socket is open. */
    private volatile ServerWebSocket socket;
    private final TailRequest request;
    private final boolean legacy;
    private final Bounds bounds;
    private final LongSupplier nowNanos;

    private final ConcurrentLinkedQueue<TailedEntry> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final List<DroppedEntry> dropped = new ArrayList<>(); // guarded by itself
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean historySent;

    // Touched only by the drain, which never runs twice at once.
    private final PriorityQueue<TailedEntry> held = new PriorityQueue<>(
            Comparator.comparingLong(TailedEntry::timestampNanos));
    private Set<TailedEntry> sentInHistory = Set.of();

    /** Set from a worker once subscribed; {@link #close} and {@link #subscribed} each close it if the other is late. */
    private volatile LiveTails.Subscription subscription;
    private long tickTimer = -1;
    private long pingTimer = -1;
    private long maxDurationTimer = -1;

    TailSession(Vertx vertx, WorkerExecutor workers, TailRequest request, boolean legacy, Bounds bounds,
                LongSupplier nowNanos) {
        this.vertx = vertx;
        this.workers = workers;
        this.request = request;
        this.legacy = legacy;
        this.bounds = bounds;
        this.nowNanos = nowNanos;
    }

    /**
     * Takes the client's socket and starts the timers; call on the socket's event loop. Lines that arrived since the
     * session subscribed wait in its queue until the history is sent.
     */
    void start(ServerWebSocket socket, long maxDurationMillis) {
        this.socket = socket;
        socket.setWriteQueueMaxSize(bounds.maxWriteQueueBytes());
        if (closed.get()) { // closed before the client's socket was open
            socket.close();
            return;
        }
        socket.closeHandler(v -> close());
        socket.exceptionHandler(e -> close());
        // Clients only ever send the close handshake; anything else is ignored.
        socket.handler(frame -> { });
        tickTimer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
        pingTimer = vertx.setPeriodic(PING_MILLIS, id -> {
            if (!closed.get()) socket.writePing(Buffer.buffer());
        });
        if (maxDurationMillis > 0) {
            maxDurationTimer = vertx.setTimer(maxDurationMillis, id -> closeWithError("reached tail max duration limit"));
        }
    }

    /** The tail's place at the source; closed with the session, at once when the session already ended. */
    void subscribed(LiveTails.Subscription subscription) {
        this.subscription = subscription;
        if (closed.get()) subscription.close();
    }

    /** The past lines, sent first (from a worker); live lines wait in the queue until then. */
    void sendHistory(List<TailedEntry> history) {
        sentInHistory = new HashSet<>(history);
        held.addAll(history);
        historySent = true;
    }

    @Override
    public void onLine(LogLine line) {
        if (closed.get()) return;
        if (queued.incrementAndGet() > bounds.maxQueuedEntries()) {
            queued.decrementAndGet();
            drop(new DroppedEntry(line.allLabels(), line.timestampNanos()));
        } else {
            arrivals.add(new TailedEntry(line.allLabels(), line.timestampNanos(), line.line()));
        }
    }

    @Override
    public void onDropped(Labels stream, long timestampNanos) {
        if (!closed.get()) drop(new DroppedEntry(stream, timestampNanos));
    }

    private void tick() {
        if (closed.get() || !historySent || !draining.compareAndSet(false, true)) return;
        workers.executeBlocking(() -> {
            QueryThreads.lowerPriority();
            try {
                drain();
            } finally {
                draining.set(false);
            }
            return null;
        }, false).onFailure(e -> {
            log.atWarn().setCause(e).log("live tail failed");
            closeWithError(e.getMessage() != null ? e.getMessage() : e.toString());
        });
    }

    private void drain() {
        for (TailedEntry e; (e = arrivals.poll()) != null; ) {
            queued.decrementAndGet();
            if (!sentInHistory.isEmpty() && sentInHistory.contains(e)) continue; // pushed while history was read
            held.add(e);
        }
        long releaseBefore = nowNanos.getAsLong() - request.delayForNanos();
        while (!closed.get() && !held.isEmpty() && held.peek().timestampNanos() < releaseBefore) {
            List<TailedEntry> frame = new ArrayList<>(MAX_ENTRIES_PER_FRAME);
            long lineBytes = 0;
            while (frame.size() < MAX_ENTRIES_PER_FRAME && lineBytes < MAX_FRAME_LINE_BYTES && !held.isEmpty()
                    && held.peek().timestampNanos() < releaseBefore) {
                TailedEntry e = held.poll();
                lineBytes += e.line().length();
                frame.add(e);
            }
            send(frame);
        }
    }

    /** Writes a frame, or drops its lines when the client has not read the previous ones yet. */
    private void send(List<TailedEntry> frame) {
        if (socket.writeQueueFull()) {
            for (TailedEntry e : frame) drop(new DroppedEntry(e.labels(), e.timestampNanos()));
            return;
        }
        List<DroppedEntry> droppedNow;
        synchronized (dropped) {
            droppedNow = List.copyOf(dropped);
            dropped.clear();
        }
        socket.writeTextMessage(TailFrames.frame(frame, droppedNow, legacy));
    }

    private void drop(DroppedEntry entry) {
        synchronized (dropped) {
            if (dropped.size() < MAX_DROPPED_ENTRIES) dropped.add(entry);
        }
    }

    /** Ends the tail with Loki's close code for errors and the reason; only once its socket is open. */
    void closeWithError(String reason) {
        ServerWebSocket socket = this.socket;
        if (closed.get() || socket == null) {
            close();
            return;
        }
        String text = reason.length() > 120 ? reason.substring(0, 120) : reason; // a close reason fits 123 bytes
        socket.close(CLOSE_INTERNAL_ERROR, text).onComplete(ar -> close());
    }

    /** Frees the tail's place and stops its timers; idempotent. */
    void close() {
        if (!closed.compareAndSet(false, true)) return;
        log.atDebug().log("ended tailing logs");
        LiveTails.Subscription s = subscription;
        if (s != null) s.close();
        if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
        if (pingTimer >= 0) vertx.cancelTimer(pingTimer);
        if (maxDurationTimer >= 0) vertx.cancelTimer(maxDurationTimer);
        arrivals.clear();
        ServerWebSocket socket = this.socket;
        if (socket != null && !socket.isClosed()) socket.close();
    }

    boolean isClosed() {
        return closed.get();
    }
}
