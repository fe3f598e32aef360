package dev.sigyn.config;

/** {@code server:} block. Loki's defaults: listen on all addresses, HTTP port 3100 in Loki's shipped configs. */
public record ServerConfig(String httpListenAddress, int httpListenPort, String logLevel) {
    public static ServerConfig defaults() {
        return new ServerConfig("", 3100, "info");
    }
}
