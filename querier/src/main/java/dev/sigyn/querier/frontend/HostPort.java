package dev.sigyn.querier.frontend;

/** A {@code host:port} address ({@code [v6]:port} for IPv6 literals). */
record HostPort(String host, int port) {

    static HostPort parse(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("not a host:port address: " + address);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a host:port address: " + address);
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + address);
        return new HostPort(host, port);
    }
}
