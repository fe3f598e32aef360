package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LabelMatcher;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.filter.LineFilters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleExtractorTest {
    private static final Labels STREAM = Labels.of("app", "worker");
    private static final Pipeline LOGFMT = Pipeline.of(Stages.logfmt(false, false, null));

    @Test
    void countGivesOnePerKeptLineAndBytesTheLineLength() {
        Pipeline errors = Pipeline.of(Stages.lineFilter(LineFilters.contains("error")));
        var count = SampleExtractor.countLines(errors).forStream(STREAM);
        assertTrue(count.process(1, "an error 🚀", Labels.EMPTY));
        assertEquals(1, count.value());
        assertFalse(count.process(2, "fine", Labels.EMPTY));
        var bytes = SampleExtractor.lineBytes(errors).forStream(STREAM);
        assertTrue(bytes.process(1, "an error 🚀", Labels.EMPTY));
        assertEquals(13, bytes.value());
    }

    @Test
    void unwrapReadsALabelWithItsConversion() {
        var plain = SampleExtractor.unwrap(LOGFMT, "attempt", SampleExtractor.Conversion.FLOAT, List.of()).forStream(STREAM);
        assertTrue(plain.process(1, "attempt=3", Labels.EMPTY));
        assertEquals(3, plain.value());
        var duration = SampleExtractor.unwrap(LOGFMT, "d", SampleExtractor.Conversion.DURATION_SECONDS, List.of())
                .forStream(STREAM);
        assertTrue(duration.process(1, "d=1m2.5s", Labels.EMPTY));
        assertEquals(62.5, duration.value());
        var bytes = SampleExtractor.unwrap(LOGFMT, "b", SampleExtractor.Conversion.BYTES, List.of()).forStream(STREAM);
        assertTrue(bytes.process(1, "b=1.5KiB", Labels.EMPTY));
        assertEquals(1536, bytes.value());
    }

    @Test
    void aMissingOrEmptyLabelGivesNoSample() {
        var x = SampleExtractor.unwrap(LOGFMT, "attempt", SampleExtractor.Conversion.FLOAT, List.of()).forStream(STREAM);
        assertFalse(x.process(1, "level=info", Labels.EMPTY));
    }

    @Test
    void aValueThatDoesNotConvertGivesZeroWithSampleExtractionErrUnlessFilteredOut() {
        var kept = SampleExtractor.unwrap(LOGFMT, "attempt", SampleExtractor.Conversion.FLOAT, List.of()).forStream(STREAM);
        assertTrue(kept.process(1, "attempt=many", Labels.EMPTY));
        assertEquals(0, kept.value());
        assertEquals("SampleExtractionErr", kept.labels().error());
        assertEquals("strconv.ParseFloat: parsing \"many\": invalid syntax", kept.labels().errorDetails());

        var filtered = SampleExtractor.unwrap(LOGFMT, "attempt", SampleExtractor.Conversion.FLOAT,
                List.of(LabelFilter.matcher(LabelMatcher.of("__error__", LabelMatcher.Type.EQ, "")))).forStream(STREAM);
        assertFalse(filtered.process(1, "attempt=many", Labels.EMPTY));
        assertTrue(filtered.process(2, "attempt=2", Labels.EMPTY));
        assertEquals(2, filtered.value());
    }
}
