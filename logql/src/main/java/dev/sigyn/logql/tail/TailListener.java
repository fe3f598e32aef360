package dev.sigyn.logql.tail;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.LogLine;

/**
 * Receives what a live tail's query let through, as values. Calls for one subscription never overlap, and come from
 * the implementation's threads (never the pushing one): hand the values off quickly, never block.
 */
public interface TailListener {
    /** A line that survived the query's pipeline: its labels after the pipeline and its formatted text. */
    void onLine(LogLine line);

    /**
     * An entry of {@code stream} (its labels before the pipeline) that was dropped before the pipeline ran because
     * this tail fell behind: it belongs in the next frame's {@code dropped_entries}.
     */
    void onDropped(Labels stream, long timestampNanos);
}
