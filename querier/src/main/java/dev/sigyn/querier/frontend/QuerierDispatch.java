package dev.sigyn.querier.frontend;

import dev.sigyn.logql.QueryContext;
import dev.sigyn.querier.QueryError;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which querier does a piece of work (a split, a relayed call): the next in turn among those the directory lists now.
 * When the querier cannot be reached, drops the connection, or answers 502/503, the work is tried again on another
 * one, up to {@link #MAX_ATTEMPTS} queriers; all the work is reads, so doing it twice is harmless. Every other answer,
 * error or not, is the work's answer. Nothing is ever left out silently: work that found no querier fails the call.
 */
final class QuerierDispatch {
    /** Enough to get past a querier or two that died and are still listed, without hammering a broken cluster. */
    static final int MAX_ATTEMPTS = 3;
    static final String NO_QUERIER = "no querier is available to run the query; start one (-target=querier)";

    private final QuerierDirectory directory;
    private final AtomicInteger turn = new AtomicInteger();

    QuerierDispatch(QuerierDirectory directory) {
        this.directory = directory;
    }

    /** One try of the work on one querier; fails with {@link Unreachable} when another querier should try. */
    @FunctionalInterface
    interface Attempt<T> {
        Future<T> on(QuerierAddress querier);
    }

    /**
     * The querier could not do the work, for reasons another querier may not share (see the class comment).
     *
     * @param status the status the call is answered with when no querier is left: a querier's own 502/503, or 503
     */
    static final class Unreachable extends RuntimeException {
        final int status;

        Unreachable(int status, String message, Throwable cause) {
            super(message, cause, false, false);
            this.status = status;
        }
    }

    <T> Future<T> run(QueryContext context, Attempt<T> attempt) {
        return run(context, attempt, new HashSet<>());
    }

    private <T> Future<T> run(QueryContext context, Attempt<T> attempt, Set<QuerierAddress> tried) {
        List<QuerierAddress> untried = new ArrayList<>(directory.queriers());
        if (untried.isEmpty()) return Future.failedFuture(QueryError.unavailable(NO_QUERIER));
        untried.removeAll(tried);
        if (untried.isEmpty()) return Future.failedFuture(QueryError.unavailable(NO_QUERIER));
        QuerierAddress querier = untried.get(Math.floorMod(turn.getAndIncrement(), untried.size()));
        tried.add(querier);
        Future<T> answer;
        try {
            answer = attempt.on(querier);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.recover(e -> {
            if (!(e instanceof Unreachable u)) return Future.failedFuture(e);
            boolean last = tried.size() >= MAX_ATTEMPTS || context.isCancelled()
                    || tried.containsAll(directory.queriers());
            if (last) {
                String also = tried.size() > 1 ? " (tried " + tried.size() + " queriers)" : "";
                return Future.failedFuture(QueryError.of(u.status, u.getMessage() + also));
            }
            return run(context, attempt, tried);
        });
    }
}
