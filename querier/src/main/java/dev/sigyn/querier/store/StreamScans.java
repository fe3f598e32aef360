package dev.sigyn.querier.store;

import dev.sigyn.logql.Cancellation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per stream of a query on the store's scan threads, at most {@code parallelism} of the query's tasks at
 * a time: a finished task hands its turn to the query's next stream, so the scan queue holds a few tasks of each
 * running query rather than every stream of the first one, and a small query is not stuck behind a large one. Once
 * the query is cancelled or one of its tasks failed, the streams not yet started are not scanned.
 */
final class StreamScans {
    /** One stream's work. */
    @FunctionalInterface
    interface Task<T> {
        T run() throws IOException;
    }

    private StreamScans() {}

    /**
     * The tasks' results in task order, once all are done; blocks the calling thread (a query thread).
     *
     * @throws IOException                          the first I/O failure of a task
     * @throws dev.sigyn.logql.QueryCancelledException when the query was cancelled before all tasks ran
     */
    static <T> List<T> run(List<Task<T>> tasks, Executor scanThreads, int parallelism, Cancellation cancellation)
            throws IOException {
        if (tasks.isEmpty()) return List.of();
        Run<T> run = new Run<>(tasks, scanThreads, cancellation);
        for (int i = 0; i < Math.min(parallelism, tasks.size()); i++) run.startNext();
        Futures.join(run.done);
        return run.results();
    }

    private static final class Run<T> {
        private final List<Task<T>> tasks;
        private final Executor threads;
        private final Cancellation cancellation;
        private final Object[] results;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Run(List<Task<T>> tasks, Executor threads, Cancellation cancellation) {
            this.tasks = tasks;
            this.threads = threads;
            this.cancellation = cancellation;
            this.results = new Object[tasks.size()];
        }

        /** Queues the next stream not yet handed out, if any and while the run goes on. */
        void startNext() {
            int i = next.getAndIncrement();
            if (i >= tasks.size() || done.isDone()) return;
            try {
                threads.execute(() -> runTask(i));
            } catch (RuntimeException e) { // the scan threads were shut down
                done.completeExceptionally(e);
            }
        }

        private void runTask(int i) {
            if (done.isDone()) return;
            try {
                cancellation.check();
                results[i] = tasks.get(i).run();
            } catch (IOException e) {
                done.completeExceptionally(new UncheckedIOException(e));
                return;
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
                return;
            }
            // The count orders every result write before the last task completes the run.
            if (finished.incrementAndGet() == tasks.size()) done.complete(null);
            else startNext();
        }

        @SuppressWarnings("unchecked")
        List<T> results() {
            return new ArrayList<>((List<T>) Arrays.asList(results));
        }
    }
}
