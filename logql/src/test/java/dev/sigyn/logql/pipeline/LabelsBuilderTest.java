package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsBuilderTest {
    private final Labels stream = Labels.of("app", "api", "env", "prod");

    @Test
    void untouchedLabelsAreTheStreamItself() {
        LabelsBuilder b = new LabelsBuilder(stream);
        assertTrue(b.unchanged());
        assertSame(stream, b.labels());
    }

    @Test
    void categoriesAreReportedApartWithErrorsAmongParsed() {
        LabelsBuilder b = new LabelsBuilder(stream);
        b.addStructuredMetadata(Labels.of("trace_id", "t1", "env", "meta"));
        b.set("level", "info");
        b.setError("JSONParserErr", "bad");
        assertEquals(Labels.of("app", "api", "env", "prod"), b.labels(LabelCategory.STREAM));
        assertEquals(Labels.of("trace_id", "t1", "env_extracted", "meta"), b.labels(LabelCategory.STRUCTURED_METADATA));
        assertEquals(Labels.of("level", "info", "__error__", "JSONParserErr", "__error_details__", "bad"),
                b.labels(LabelCategory.PARSED));
        assertEquals(LabelCategory.STRUCTURED_METADATA, b.categoryOf("trace_id"));
        assertEquals(LabelCategory.STREAM, b.categoryOf("app"));
    }

    @Test
    void aParsedLabelHidesStructuredMetadataAndStreamOfTheSameName() {
        LabelsBuilder b = new LabelsBuilder(stream);
        b.addStructuredMetadata(Labels.of("pod", "p1"));
        b.set("pod", "p2");
        b.set("app", "parsed");
        assertEquals("p2", b.get("pod"));
        assertEquals(Labels.of("app", "parsed", "env", "prod", "pod", "p2"), b.labels());
        assertEquals(Labels.of("env", "prod"), b.labels(LabelCategory.STREAM));
    }

    @Test
    void deleteRemovesWhateverTheCategoryAndResetRestoresTheStream() {
        LabelsBuilder b = new LabelsBuilder(stream);
        b.set("level", "x");
        b.delete("level");
        b.delete("env");
        assertNull(b.get("env"));
        assertEquals(Labels.of("app", "api"), b.labels());
        b.reset();
        assertEquals("prod", b.get("env"));
        assertSame(stream, b.labels());
    }

    @Test
    void metadataCarryingAnErrorSetsTheError() {
        LabelsBuilder b = new LabelsBuilder(stream);
        b.addStructuredMetadata(Labels.of("__error__", "E"));
        assertEquals("E", b.error());
        assertNull(b.get("__error__"));
    }
}
