package dev.sigyn.querier;

import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Utf8;
import dev.sigyn.logql.eval.SampleData;
import dev.sigyn.logql.source.StreamQuery;
import dev.sigyn.logql.source.StreamResult;

import java.io.IOException;
import java.util.List;

/**
 * A tenant's lines from every source, asked in turn on the calling worker and merged; counts what the sources
 * returned for the statistics. For evaluations that read data in the middle of their work.
 */
final class TenantData implements SampleData {
    private final SourceFanOut sources;
    private final String tenant;
    /** The call whose deadline stops the reading; null for none. */
    private final Call call;
    long lines;
    long bytes;

    TenantData(SourceFanOut sources, String tenant) {
        this.sources = sources;
        this.tenant = tenant;
        this.call = null;
    }

    /** The data of the call's tenant, read until the call's {@code query_timeout} runs out. */
    TenantData(SourceFanOut sources, Call call) {
        this.sources = sources;
        this.tenant = call.tenant;
        this.call = call;
    }

    /** Stops a query that ran past its timeout; its answer was already sent by then (see QueryApi). */
    @Override
    public void checkCancelled() {
        if (call != null && call.pastDeadline()) throw QueryError.timeout();
    }

    @Override
    public List<StreamResult> select(StreamQuery query) throws IOException {
        List<List<StreamResult>> answers = sources.askInTurn(source -> {
            checkCancelled();
            return source.select(tenant, query);
        });
        for (List<StreamResult> streams : answers) {
            for (StreamResult s : streams) {
                lines += s.entries().size();
                for (Entry e : s.entries()) bytes += Utf8.length(e.line());
            }
        }
        return StreamMerger.merge(answers, query.direction(), Integer.MAX_VALUE, 0);
    }
}
