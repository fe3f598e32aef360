package dev.sigyn.writelog.group;

import java.util.List;

/** A Sigyn process in a consumer group: where to reach it, and the partitions of the group's topic it owns now. */
public record Member(MemberAddress address, List<Integer> partitions) {
    public Member {
        partitions = List.copyOf(partitions);
    }
}
