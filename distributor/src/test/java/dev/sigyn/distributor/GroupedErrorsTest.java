package dev.sigyn.distributor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GroupedErrorsTest {
    @Test
    void aSingleErrorIsReportedAsIs() {
        GroupedErrors errors = new GroupedErrors();
        errors.add("bad");
        assertEquals("bad", errors.message());
    }

    @Test
    void repeatsAreCountedAndGroupsJoinedInFirstSeenOrder() {
        GroupedErrors errors = new GroupedErrors();
        errors.add("b");
        errors.add("a");
        errors.add("b");
        assertEquals("2 errors like: b; 1 errors like: a", errors.message());
    }
}
