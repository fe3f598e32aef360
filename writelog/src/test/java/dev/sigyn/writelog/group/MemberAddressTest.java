package dev.sigyn.writelog.group;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class MemberAddressTest {
    @Test
    void anAddressSurvivesItsClientId() {
        MemberAddress a = new MemberAddress("querier", "127.0.0.1:9095", "127.0.0.1:3100");
        assertEquals("sigyn-querier@127.0.0.1:9095@127.0.0.1:3100", a.clientId());
        assertEquals(Optional.of(a), MemberAddress.parse(a.clientId()));
    }

    @Test
    void hostNamesAndIpv6AddressesAreAddresses() {
        MemberAddress a = new MemberAddress("query-frontend", "[::1]:9095", "ingester-2.sigyn.svc:3100");
        assertEquals(Optional.of(a), MemberAddress.parse(a.clientId()));
    }

    @Test
    void clientIdsOfOtherClientsAreNotSigynMembers() {
        for (String id : new String[] {null, "", "console-consumer-4711", "consumer-ingesters-1", "sigyn-",
                "sigyn-querier@127.0.0.1:9095", "sigyn-querier@127.0.0.1:9095@127.0.0.1:3100@x",
                "sigyn-Querier@127.0.0.1:9095@127.0.0.1:3100", "sigyn-querier@127.0.0.1@127.0.0.1:3100",
                "sigyn-querier@127.0.0.1:99999@127.0.0.1:3100"}) {
            assertEquals(Optional.empty(), MemberAddress.parse(id), id);
        }
    }

    @Test
    void anAddressThatCouldNotBeReadBackIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemberAddress("querier", "a@b:1", "h:2"));
        assertThrows(IllegalArgumentException.class, () -> new MemberAddress("querier", "h", "h:2"));
        assertThrows(IllegalArgumentException.class, () -> new MemberAddress("", "h:1", "h:2"));
    }
}
