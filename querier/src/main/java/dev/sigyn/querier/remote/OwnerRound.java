package dev.sigyn.querier.remote;

import dev.sigyn.logql.QueryContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One round of a read: one call per ingester, all at once, their answers read on the calling thread (a query thread,
 * never an event loop) as their frames arrive. The event loops only queue what arrives; a call whose pieces pile up
 * unread is paused until the calling thread has caught up, so a slow reader holds at most {@link #PAUSE_AT} pieces
 * per call. Which partitions must be asked again (their owner was unreachable or refused them) is the round's result.
 */
final class OwnerRound {
    private static final int PAUSE_AT = 16;
    private static final int RESUME_AT = 4;

    /** What one ingester's frames mean for the question asked. Called on the calling thread only. */
    interface Answer {
        void frame(Frame frame) throws IOException;

        /** The trailer said the call succeeded, and every frame was handed over. */
        void completed();

        /** The call failed: what it gave is not used (its partitions are asked again). */
        void abandoned();
    }

    private sealed interface Event {
        Call call();
    }

    private record Data(Call call, Buffer piece) implements Event {}

    private record Ended(Call call) implements Event {}

    /** @param retryable whether asking the partitions' owners again may succeed */
    private record Failed(Call call, String reason, boolean retryable) implements Event {}

    private final IngesterClient client;
    private final String operation;
    private final QueryContext context;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Call> calls = new ArrayList<>();

    OwnerRound(IngesterClient client, String operation, QueryContext context) {
        this.client = client;
        this.operation = operation;
        this.context = context;
    }

    /** One call: its ingester, the partitions it answers for, and the state of its answer. */
    private static final class Call {
        final String address;
        final Set<Integer> partitions;
        final Answer answer;
        final FrameDecoder decoder = new FrameDecoder();
        final AtomicInteger queued = new AtomicInteger();
        final AtomicBoolean paused = new AtomicBoolean();
        volatile HttpClientRequest request;
        volatile HttpClientResponse response;
        volatile Context eventLoop;
        Frame.Trailer trailer;
        boolean done;

        Call(String address, Set<Integer> partitions, Answer answer) {
            this.address = address;
            this.partitions = partitions;
            this.answer = answer;
        }
    }

    /** Sends {@code body} to the ingester at {@code address}, which is expected to serve {@code partitions}. */
    void start(String address, Set<Integer> partitions, byte[] body, Answer answer) {
        Call call = new Call(address, partitions, answer);
        calls.add(call);
        client.post(address, operation, body, request -> call.request = request).onComplete(sent -> {
            if (sent.failed()) {
                events.add(new Failed(call, unreachable(address, sent.cause()), true));
                return;
            }
            HttpClientResponse response = sent.result();
            if (response.statusCode() != 200) {
                response.body().onComplete(body2 -> events.add(refused(call, response.statusCode(),
                        body2.succeeded() ? body2.result().toString().trim() : "")));
                response.resume();
                return;
            }
            call.response = response;
            call.eventLoop = Vertx.currentContext();
            response.handler(piece -> {
                events.add(new Data(call, piece));
                if (call.queued.incrementAndGet() >= PAUSE_AT && call.paused.compareAndSet(false, true)) {
                    response.pause();
                }
            });
            response.exceptionHandler(e -> events.add(new Failed(call, unreachable(address, e), true)));
            response.endHandler(v -> events.add(new Ended(call)));
            response.resume(); // paused by the client until now (IngesterClient)
        });
    }

    /**
     * Reads every call's answer to its end. Returns, per partition that must be asked again, why; throws for a
     * failure that asking again cannot mend (a bad request, an ingester's read that failed) and when the query is
     * cancelled. Calls still open when it throws are reset, so the ingesters stop reading.
     */
    Map<Integer, String> await() throws IOException {
        Map<Integer, String> retry = new HashMap<>();
        int open = calls.size();
        try {
            while (open > 0) {
                context.checkCancelled();
                Event event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event == null || event.call().done) continue;
                Call call = event.call();
                switch (event) {
                    case Data d -> read(call, d.piece());
                    case Ended e -> {
                        call.done = true;
                        open--;
                        if (call.trailer == null) {
                            fail(call, "ingester " + call.address + " ended its answer early", retry);
                        } else if (call.trailer.ok()) {
                            call.answer.completed();
                        } else {
                            throw new IOException("ingester " + call.address + " failed to read: "
                                    + call.trailer.error());
                        }
                    }
                    case Failed f -> {
                        call.done = true;
                        open--;
                        if (!f.retryable()) throw new IOException(f.reason());
                        fail(call, f.reason(), retry);
                    }
                }
            }
            return retry;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading from the ingesters", e);
        } finally {
            for (Call call : calls) {
                if (call.done) continue;
                call.done = true;
                call.answer.abandoned();
                HttpClientRequest request = call.request;
                if (request != null) request.reset();
            }
        }
    }

    private void read(Call call, Buffer piece) throws IOException {
        if (call.queued.decrementAndGet() <= RESUME_AT && call.paused.compareAndSet(true, false)) {
            HttpClientResponse response = call.response;
            call.eventLoop.runOnContext(v -> response.resume());
        }
        for (Frame frame : call.decoder.feed(piece)) {
            if (call.trailer != null) throw new IOException("ingester " + call.address + " sent frames after its trailer");
            switch (frame) {
                case Frame.Trailer t -> call.trailer = t;
                case Frame.Heartbeat h -> { }
                default -> call.answer.frame(frame);
            }
        }
    }

    private static void fail(Call call, String reason, Map<Integer, String> retry) {
        call.answer.abandoned();
        for (int p : call.partitions) retry.put(p, reason);
    }

    /** 503: the ingester does not serve a partition it was asked for (any longer, or yet): ask the new owner. */
    private static Failed refused(Call call, int status, String message) {
        String reason = "ingester " + call.address + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        return new Failed(call, reason, status == 503);
    }

    static String unreachable(String address, Throwable cause) {
        String why = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return "ingester " + address + " unreachable: " + why;
    }
}
