package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractedEqualityPrecheckTest {
    private final ExtractedEqualityPrecheck precheck = new ExtractedEqualityPrecheck("level", "error");

    private boolean passes(String line, Labels stream, Labels metadata) {
        LabelsBuilder labels = new LabelsBuilder(stream);
        if (!metadata.isEmpty()) labels.addStructuredMetadata(metadata);
        LineBuffer buffer = new LineBuffer();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        buffer.wrap(bytes, bytes.length);
        return precheck.process(0, buffer, labels);
    }

    @Test
    void dropsOnlyLinesThatCannotHoldTheValue() {
        assertFalse(passes("level=info msg=ok", Labels.EMPTY, Labels.EMPTY));
        assertTrue(passes("level=error msg=ok", Labels.EMPTY, Labels.EMPTY));
        assertTrue(passes("msg=\"an error elsewhere\"", Labels.EMPTY, Labels.EMPTY), "the parser and filter decide");
        assertTrue(passes("level=\"\\u0065rror\"", Labels.EMPTY, Labels.EMPTY), "an escape may decode to the value");
    }

    @Test
    void keepsLinesWhenTheLabelMayComeFromTheStreamOrMetadata() {
        assertTrue(passes("level=info", Labels.of("level", "error"), Labels.EMPTY));
        assertTrue(passes("level=info", Labels.EMPTY, Labels.of("level", "error")));
    }

    @Test
    void refusesAnEmptyValue() {
        assertThrows(IllegalArgumentException.class, () -> new ExtractedEqualityPrecheck("level", ""));
    }
}
