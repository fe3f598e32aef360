package dev.sigyn.writelog.group;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PartitionAssignmentsTest {
    private static final MemberAddress A = new MemberAddress("ingester", "10.0.0.1:9095", "10.0.0.1:3100");
    private static final MemberAddress B = new MemberAddress("ingester", "10.0.0.2:9095", "10.0.0.2:3100");

    @Test
    void eachPartitionGoesToTheMemberThatOwnsIt() {
        var owners = PartitionAssignments.owners(List.of(new Member(A, List.of(0, 2)), new Member(B, List.of(1))), 4);
        assertEquals(Map.of(0, A, 2, A, 1, B), owners);
        assertEquals(List.of(3), new PartitionAssignments.Snapshot(4, owners).unowned());
    }

    @Test
    void aPartitionTwoMembersClaimHasNoOwner() {
        var owners = PartitionAssignments.owners(List.of(new Member(A, List.of(0, 1)), new Member(B, List.of(1))), 2);
        assertEquals(Map.of(0, A), owners);
        assertTrue(new PartitionAssignments.Snapshot(2, owners).owner(1).isEmpty());
    }
}
