package dev.sigyn.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryCommandTest {

    @Test
    void runMatcherGoesIntoTheFirstSelectorNotIntoStrings() {
        assertEquals("sum(count_over_time({sigyn_bench_run!=\"n1\", env=\"prod\"} |= \"{x}\" [5m]))",
                QueryCommand.withRunMatcher("sum(count_over_time({env=\"prod\"} |= \"{x}\" [5m]))", "n1"));
        assertEquals("label_replace({sigyn_bench_run!=\"n2\", a=\"{\\\"\"}, \"x\", \"$1\", \"a\", \"(.*)\")",
                QueryCommand.withRunMatcher("label_replace({a=\"{\\\"\"}, \"x\", \"$1\", \"a\", \"(.*)\")", "n2"));
    }

    @Test
    void logQueriesAreThoseStartingWithASelector() {
        assertTrue(QueryCommand.isLogQuery(QueryCommand.DEFAULT_QUERIES.get(1)));
        assertFalse(QueryCommand.isLogQuery(QueryCommand.DEFAULT_QUERIES.get(0)));
        assertEquals(7, QueryCommand.DEFAULT_QUERIES.size());
    }
}
