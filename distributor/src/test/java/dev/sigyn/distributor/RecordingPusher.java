package dev.sigyn.distributor;

import dev.sigyn.ingester.PushOutcome;
import dev.sigyn.ingester.PushRequest;
import dev.sigyn.ingester.Pusher;
import dev.sigyn.ingester.StreamPush;
import io.vertx.core.Context;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Pusher that remembers what it was given, and on which kind of thread, and answers as told. */
final class RecordingPusher implements Pusher {
    record Call(String tenant, List<StreamPush> streams, boolean onEventLoop) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile PushOutcome outcome;
    volatile IOException failure;
    /** What {@link #refusal()} answers: null while pushes are taken. */
    volatile String refusal;

    @Override
    public PushOutcome push(PushRequest request) throws IOException {
        calls.add(new Call(request.tenant(), request.streams(), Context.isOnEventLoopThread()));
        if (failure != null) throw failure;
        if (outcome != null) return outcome;
        return new PushOutcome(request.lines(), List.of(), List.of());
    }

    @Override
    public String refusal() {
        return refusal;
    }

    Call onlyCall() {
        if (calls.size() != 1) throw new AssertionError("expected one push, got " + calls.size());
        return calls.get(0);
    }
}
