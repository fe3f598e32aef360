package dev.sigyn.querier;

import dev.sigyn.logql.Cancellation;
import dev.sigyn.logql.Direction;
import dev.sigyn.logql.Entry;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.source.StreamResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamMergerTest {
    private static final Labels A = Labels.of("app", "a");
    private static final Labels B = Labels.of("app", "b");

    @Test
    void equalTimestampsInDifferentStreamsAreTakenInLabelOrder() {
        List<List<StreamResult>> sources = List.of(
                List.of(new StreamResult(B, List.of(new Entry(5, "b")))),
                List.of(new StreamResult(A, List.of(new Entry(5, "a")))));
        for (Direction d : Direction.values()) {
            List<StreamResult> out = StreamMerger.merge(sources, d, 1, 0, Cancellation.never());
            assertEquals(List.of(new StreamResult(A, List.of(new Entry(5, "a")))), out, d.name());
        }
    }

    @Test
    void duplicatesNeedNotBeAdjacentWithinATimestamp() {
        List<List<StreamResult>> sources = List.of(
                List.of(new StreamResult(A, List.of(new Entry(5, "x"), new Entry(5, "y")))),
                List.of(new StreamResult(A, List.of(new Entry(5, "y"), new Entry(5, "x"), new Entry(4, "w")))));
        List<StreamResult> out = StreamMerger.merge(sources, Direction.BACKWARD, 10, 0, Cancellation.never());
        assertEquals(List.of(new StreamResult(A, List.of(new Entry(5, "x"), new Entry(5, "y"), new Entry(4, "w")))), out);
    }

    @Test
    void streamsComeOutSortedByLabelText() {
        List<List<StreamResult>> sources = List.of(List.of(
                new StreamResult(B, List.of(new Entry(1, "b"))), new StreamResult(A, List.of(new Entry(2, "a")))));
        List<StreamResult> out = StreamMerger.merge(sources, Direction.FORWARD, 10, 0, Cancellation.never());
        assertEquals(List.of(A, B), out.stream().map(StreamResult::labels).toList());
    }
}
