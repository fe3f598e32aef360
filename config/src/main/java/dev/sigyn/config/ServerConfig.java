package dev.sigyn.config;

import java.time.Duration;

/**
 * {@code server:} block. Loki's defaults: listen on all addresses, HTTP port 3100 in Loki's shipped configs, and the
 * HTTP timeouts of Loki's server (dskit): 30 s to read a whole request, 30 s to write its answer, 2 minutes for an
 * idle keep-alive connection, 30 s for a graceful shutdown.
 *
 * @param httpServerReadTimeout  {@code http_server_read_timeout}: the longest a request's headers and body may take
 *                               to arrive; zero means no limit
 * @param httpServerWriteTimeout {@code http_server_write_timeout}: the longest from a request's headers to the end
 *                               of its answer (live tails excepted); zero means no limit
 * @param httpServerIdleTimeout  {@code http_server_idle_timeout}: how long a connection may wait for its next request
 *                               (or stay silent); zero means no limit
 * @param gracefulShutdownTimeout {@code graceful_shutdown_timeout}: how long a shutdown waits for requests in progress
 * @param tls                    {@code http_tls_config}, {@code grpc_tls_config}, {@code tls_min_version},
 *                               {@code tls_cipher_suites}: no TLS by default
 */
public record ServerConfig(String httpListenAddress, int httpListenPort, String logLevel,
                           Duration httpServerReadTimeout, Duration httpServerWriteTimeout,
                           Duration httpServerIdleTimeout, Duration gracefulShutdownTimeout, ServerTlsConfig tls) {
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Without TLS. */
    public ServerConfig(String httpListenAddress, int httpListenPort, String logLevel, Duration httpServerReadTimeout,
                        Duration httpServerWriteTimeout, Duration httpServerIdleTimeout,
                        Duration gracefulShutdownTimeout) {
        this(httpListenAddress, httpListenPort, logLevel, httpServerReadTimeout, httpServerWriteTimeout,
                httpServerIdleTimeout, gracefulShutdownTimeout, ServerTlsConfig.defaults());
    }

    /** Listen address, port and log level, with the default timeouts and no TLS. */
    public ServerConfig(String httpListenAddress, int httpListenPort, String logLevel) {
        this(httpListenAddress, httpListenPort, logLevel, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_GRACEFUL_SHUTDOWN_TIMEOUT);
    }

    public static ServerConfig defaults() {
        return new ServerConfig("", 3100, "info");
    }

    public ServerConfig withTimeouts(Duration read, Duration write, Duration idle) {
        return new ServerConfig(httpListenAddress, httpListenPort, logLevel, read, write, idle, gracefulShutdownTimeout,
                tls);
    }

    public ServerConfig withTls(ServerTlsConfig tls) {
        return new ServerConfig(httpListenAddress, httpListenPort, logLevel, httpServerReadTimeout,
                httpServerWriteTimeout, httpServerIdleTimeout, gracefulShutdownTimeout, tls);
    }
}
