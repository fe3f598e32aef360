package dev.sigyn.logql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBudgetTest {

    @Test
    void passingTheLimitNamesTheKeyAndValueAndCancelsTheQuery() {
        QueryContext query = QueryContext.of(1000);
        query.memory().charge(600);
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> query.memory().charge(600));
        assertTrue(e.getMessage().contains("max_query_memory_bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
        assertTrue(query.isCancelled());
        QueryCancelledException stopped = assertThrows(QueryCancelledException.class, query::checkCancelled);
        assertSame(e, stopped.getCause());
    }

    @Test
    void anAccountGivesBackWhatItHeldWhenClosed() {
        MemoryBudget budget = QueryContext.of(1000).memory();
        budget.charge(100);
        try (MemoryBudget.Account split = budget.account()) {
            split.charge(500);
            split.release(200);
            assertEquals(400, budget.used());
        }
        assertEquals(100, budget.used());
        // What one split let go another may use.
        try (MemoryBudget.Account next = budget.account()) {
            next.charge(850);
        }
    }

    @Test
    void zeroMeansNoLimitAndCountsNothing() {
        QueryContext query = QueryContext.of(0);
        query.memory().charge(Long.MAX_VALUE / 2);
        query.memory().charge(Long.MAX_VALUE / 2);
        assertEquals(0, query.memory().used());
        assertFalse(query.isCancelled());
    }

    @Test
    void theFirstReasonToCancelWins() {
        Cancellation c = new Cancellation();
        RuntimeException timeout = new RuntimeException("timed out");
        assertTrue(c.cancel(timeout));
        assertFalse(c.cancel(new RuntimeException("later")));
        assertSame(timeout, c.cause());
        assertEquals("timed out", assertThrows(QueryCancelledException.class, c::check).getMessage());
    }

    @Test
    void workWithoutARequestIsNeverCancelled() {
        QueryContext none = QueryContext.none();
        assertFalse(none.cancel(new RuntimeException("x")));
        none.checkCancelled();
        assertFalse(none.isCancelled());
    }
}
