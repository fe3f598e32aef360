package dev.sigyn.querier;

import dev.sigyn.logql.QueryContext;
import dev.sigyn.logql.source.LogSource;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks every log source the same question at once, each on its own query thread (sources block on I/O), and
 * collects their answers. Fails when any source fails: a partial answer would silently miss data
 * (and the failure cancels the call, so the other sources stop reading).
 */
final class SourceFanOut {
    private final QueryPool pool;
    private final List<LogSource> sources;

    SourceFanOut(QueryPool pool, List<LogSource> sources) {
        this.pool = pool;
        this.sources = List.copyOf(sources);
    }

    @FunctionalInterface
    interface SourceCall<T> {
        T ask(LogSource source) throws IOException;
    }

    int size() {
        return sources.size();
    }

    /**
     * The sources as a read may see them; callers must not depend on their order (each answers for the data it
     * holds).
     */
    List<LogSource> sources(ReadScope scope) {
        return scope.viewAll(sources);
    }

    <T> Future<List<T>> ask(Call call, SourceCall<T> ask) {
        List<Future<T>> answers = new ArrayList<>(sources.size());
        // The calls of one request run in parallel, not one after the other.
        for (LogSource s : call.scope.viewAll(sources)) answers.add(pool.run(call, () -> ask.ask(s)));
        return Future.all(answers).map(SourceFanOut::<T>results);
    }

    /**
     * Asks every source in turn on the calling thread, which must be a worker: for evaluations that need data in
     * the middle of their work. (Waiting there for other workers could starve the pool, hence no fan-out.)
     */
    <T> List<T> askInTurn(ReadScope scope, QueryContext context, SourceCall<T> call) throws IOException {
        List<T> out = new ArrayList<>(sources.size());
        for (LogSource s : scope.viewAll(sources)) {
            context.checkCancelled();
            out.add(call.ask(s));
        }
        return out;
    }

    private static <T> List<T> results(CompositeFuture all) {
        List<T> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) out.add(all.resultAt(i));
        return out;
    }
}
