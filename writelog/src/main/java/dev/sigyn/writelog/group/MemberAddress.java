package dev.sigyn.writelog.group;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a member of a consumer group is and where to reach it, carried in its consumer's {@code client.id} because the
 * group coordinator shows every member's client id to anyone who describes the group: that is how Sigyn processes
 * find each other without a membership protocol of their own. The client id reads
 * {@code sigyn-ROLE@INTERNAL@HTTP}, e.g. {@code sigyn-querier@127.0.0.1:9095@127.0.0.1:3100}: the role (a target
 * such as {@code querier}), the internal (h2c) address and the HTTP address, each {@code host:port}.
 */
public record MemberAddress(String role, String internal, String http) {
    private static final String PREFIX = "sigyn-";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]*");
    // host:port, the host a name, an IPv4 address or a bracketed IPv6 address; never '@', which separates the parts.
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^@:\\[\\]\\s/]+):([0-9]{1,5})");

    public MemberAddress {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a member's role must be lower-case letters, digits and '-', not " + role);
        }
        requireHostPort("internal", internal);
        requireHostPort("http", http);
    }

    /** The consumer's client.id that announces this address. */
    public String clientId() {
        return PREFIX + role + "@" + internal + "@" + http;
    }

    /**
     * The address a client id announces, or empty when the client is not a Sigyn process (any other Kafka client may
     * join a group, for example an operator's console consumer, and must not break the directory).
     */
    public static Optional<MemberAddress> parse(String clientId) {
        if (clientId == null || !clientId.startsWith(PREFIX)) return Optional.empty();
        String[] parts = clientId.substring(PREFIX.length()).split("@", -1);
        if (parts.length != 3) return Optional.empty();
        try {
            return Optional.of(new MemberAddress(parts[0], parts[1], parts[2]));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    private static void requireHostPort(String what, String address) {
        var m = address == null ? null : HOST_PORT.matcher(address);
        if (m == null || !m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new IllegalArgumentException("a member's " + what + " address must be host:port, not " + address);
        }
    }

    @Override
    public String toString() {
        return clientId();
    }
}
