package dev.sigyn.querier.frontend;

/**
 * Where a querier listens: {@code internal} ({@code host:port} of its HTTP/2 cleartext server on
 * {@code server.grpc_listen_port}), where query frontends send it splits, and {@code http} ({@code host:port} of its
 * HTTP server), where they relay the query API calls they do not split.
 */
public record QuerierAddress(String internal, String http) {
    public QuerierAddress {
        HostPort.parse(internal);
        HostPort.parse(http);
    }
}
