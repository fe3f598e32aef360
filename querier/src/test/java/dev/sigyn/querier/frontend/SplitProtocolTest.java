package dev.sigyn.querier.frontend;

import dev.sigyn.config.StreamAccess;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.engine.Sample;
import dev.sigyn.logql.engine.Series;
import dev.sigyn.logql.engine.Steps;
import dev.sigyn.querier.SplitEvaluator.SplitAnswer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The split messages between query frontend and querier: what is sent is what is read, and versions are checked. */
class SplitProtocolTest {

    @Test
    void aRequestReadsBackAsItWasSent() throws IOException {
        var sent = new SplitProtocol.Request("acme", "sum(rate({app=\"web\"}[5m]))",
                Steps.range(1_000_000_000L, 61_000_000_000L, 15_000_000_000L), Instant.ofEpochSecond(1_800_000_000L, 5));
        assertEquals(sent, SplitProtocol.decodeRequest(SplitProtocol.encode(sent)));
        var noDeadline = new SplitProtocol.Request("acme", "count_over_time({a=\"b\"}[1m])", Steps.range(0, 10, 5),
                Instant.MAX);
        assertEquals(noDeadline, SplitProtocol.decodeRequest(SplitProtocol.encode(noDeadline)));
    }

    @Test
    void aRestrictedSplitCarriesItsStreamAccessAsVersion2() throws IOException {
        StreamAccess access = StreamAccess.parseHeader("{\"acme\":[\"{namespace=\\\"shop\\\"}\"]}");
        var sent = new SplitProtocol.Request("acme", "count_over_time({a=\"b\"}[1m])", Steps.range(0, 10, 5),
                Instant.MAX, access);
        byte[] bytes = SplitProtocol.encode(sent);
        assertEquals(sent, SplitProtocol.decodeRequest(bytes));
        assertEquals(List.of("{namespace=\"shop\"}"), SplitProtocol.decodeRequest(bytes).access().of("acme"));
        // A querier that knows only version 1 refuses it rather than answering it unrestricted.
        assertEquals(0x08, bytes[0]);
        assertEquals(2, bytes[1]);
        assertEquals(1, SplitProtocol.encode(new SplitProtocol.Request("acme", "q", Steps.range(0, 10, 5),
                Instant.MAX))[1]);
    }

    @Test
    void valuesTravelBitForBit() throws IOException {
        double[] values = {0.1 + 0.2, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0badL),
                Double.POSITIVE_INFINITY, Double.MIN_VALUE, -1e308};
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) samples.add(new Sample(-5L + i * 1_000_000_007L, values[i]));
        SplitAnswer sent = new SplitAnswer(List.of(new Series(Labels.of("app", "web", "le", "0.5"), samples),
                new Series(Labels.of("app", "ü \"quoted\""), List.of(new Sample(Long.MAX_VALUE, 1)))), 12345, 678901);
        var read = (SplitProtocol.Evaluated) SplitProtocol.decodeAnswer(SplitProtocol.encode(
                new SplitProtocol.Evaluated(sent)));
        assertEquals(sent.series().size(), read.answer().series().size());
        for (int s = 0; s < sent.series().size(); s++) {
            Series a = sent.series().get(s), b = read.answer().series().get(s);
            assertEquals(a.labels(), b.labels());
            assertArrayEquals(a.samples().stream().mapToLong(Sample::tsNanos).toArray(),
                    b.samples().stream().mapToLong(Sample::tsNanos).toArray());
            assertArrayEquals(a.samples().stream().mapToLong(p -> Double.doubleToRawLongBits(p.value())).toArray(),
                    b.samples().stream().mapToLong(p -> Double.doubleToRawLongBits(p.value())).toArray());
        }
        assertEquals(12345, read.answer().lines());
        assertEquals(678901, read.answer().bytes());
    }

    @Test
    void anErrorKeepsItsStatusAndMessage() throws IOException {
        var failed = new SplitProtocol.Failed(400, "parse error at line 1, col 5: syntax error");
        assertEquals(failed, SplitProtocol.decodeAnswer(SplitProtocol.encode(failed)));
    }

    @Test
    void anotherVersionIsRefusedNamingBoth() {
        byte[] request = SplitProtocol.encode(new SplitProtocol.Request("acme", "q", Steps.range(0, 10, 5), Instant.MAX));
        request[1] = 3; // field 1, the version, is the first byte pair
        IOException e = assertThrows(IOException.class, () -> SplitProtocol.decodeRequest(request));
        assertEquals("split request of version 3; this Sigyn reads versions 1 and 2", e.getMessage());
        byte[] answer = SplitProtocol.encode(new SplitProtocol.Failed(503, "x"));
        answer[1] = 7;
        assertEquals("split answer of version 7; this Sigyn reads version 1",
                assertThrows(IOException.class, () -> SplitProtocol.decodeAnswer(answer)).getMessage());
    }
}
