package dev.sigyn.logql.engine;

import dev.sigyn.logql.Labels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelReplaceTest {
    static final Labels IN = Labels.of("instance", "web-12", "app", "web");

    @Test
    void expandsNumberedGroupsIntoTheDestination() {
        assertEquals(Labels.of("instance", "web-12", "app", "web", "n", "12"),
                new LabelReplace("n", "$1", "instance", "web-(.*)").apply(IN));
        assertEquals(Labels.of("instance", "web-12", "app", "web", "n", "x12y"),
                new LabelReplace("n", "x${1}y", "instance", "web-(.*)").apply(IN));
    }

    @Test
    void regexIsAnchoredAndANonMatchChangesNothing() {
        assertEquals(IN, new LabelReplace("n", "$1", "instance", "eb-(.*)").apply(IN));
    }

    @Test
    void namedGroupsAndGoNameRules() {
        assertEquals("12", new LabelReplace("n", "$num", "instance", "web-(?P<num>\\d+)").apply(IN).get("n"));
        // "$1x" names a group "1x", which does not exist: it expands to nothing
        assertEquals("-", new LabelReplace("n", "$1x-", "instance", "web-(.*)").apply(IN).get("n"));
        assertEquals("$12", new LabelReplace("n", "$$$1", "instance", "web-(.*)").apply(IN).get("n"));
    }

    @Test
    void emptyResultRemovesTheDestinationAndMissingSourceIsEmpty() {
        assertEquals(Labels.of("instance", "web-12"), new LabelReplace("app", "", "instance", ".*").apply(IN));
        assertEquals("none", new LabelReplace("x", "none", "missing", "").apply(IN).get("x"));
    }

    @Test
    void invalidRegexIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LabelReplace("n", "$1", "instance", "(unclosed"));
    }
}
