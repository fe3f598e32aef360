package dev.sigyn.logql.source;

import dev.sigyn.logql.Entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A test source that answers with lists: {@link #scan} hands {@link #select}'s streams over one by one. */
public interface ListedLogSource extends LogSource {

    /** What {@link #scan} delivers for {@code query}, as {@link LogSource#scan} describes it. */
    List<StreamResult> select(String tenant, StreamQuery query) throws IOException;

    @Override
    default void scan(String tenant, StreamQuery query, StreamSink sink) throws IOException {
        for (StreamResult stream : select(tenant, query)) {
            query.context().checkCancelled();
            LineSink lines = sink.open(stream.labels());
            for (Entry e : stream.entries()) {
                byte[] line = e.line().getBytes(StandardCharsets.UTF_8);
                lines.accept(e.timestampNanos(), line, 0, line.length, e.structuredMetadata());
            }
            lines.end();
        }
    }
}
