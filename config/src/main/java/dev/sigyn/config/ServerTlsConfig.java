package dev.sigyn.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The TLS settings of the {@code server:} section, with Loki's keys: the public HTTP port's block, the internal
 * port's block, and the protocol versions and cipher suites both accept.
 *
 * @param http         {@code http_tls_config}: HTTPS on {@code http_listen_port}
 * @param grpc         {@code grpc_tls_config}: TLS on {@code grpc_listen_port} (microservices mode), and the identity
 *                     Sigyn's processes present to one another
 * @param minVersion   {@code tls_min_version}: {@code VersionTLS10} to {@code VersionTLS13}; empty means TLS 1.2, as Go
 * @param cipherSuites {@code tls_cipher_suites}: comma list of Go/IANA suite names for TLS 1.2 and below; empty means
 *                     the JVM's defaults. As in Go, TLS 1.3's suites are not configurable and always on
 */
public record ServerTlsConfig(TlsConfig http, TlsConfig grpc, String minVersion, String cipherSuites) {
    /** Go's version names and the JVM's protocol names. */
    public static final Map<String, String> VERSIONS = Map.of("VersionTLS10", "TLSv1", "VersionTLS11", "TLSv1.1",
            "VersionTLS12", "TLSv1.2", "VersionTLS13", "TLSv1.3");

    public static ServerTlsConfig defaults() {
        return new ServerTlsConfig(TlsConfig.none(), TlsConfig.none(), "", "");
    }

    /** The cipher suites named, by the JVM's (IANA) names; empty when none is. */
    public List<String> cipherSuiteList() {
        return Arrays.stream(cipherSuites.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(ServerTlsConfig::ianaName).toList();
    }

    /** Go also accepts its older names of the ChaCha20 suites, which lack IANA's {@code _SHA256}. */
    static String ianaName(String goName) {
        return goName.endsWith("_CHACHA20_POLY1305") ? goName + "_SHA256" : goName;
    }

    /** True when every suite named is one this JVM can use. */
    static boolean knownCipherSuites(Object value) {
        List<String> named = new ServerTlsConfig(TlsConfig.none(), TlsConfig.none(), "", (String) value)
                .cipherSuiteList();
        if (named.isEmpty()) return true;
        try {
            List<String> supported = List.of(javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters()
                    .getCipherSuites());
            return supported.containsAll(named);
        } catch (java.security.NoSuchAlgorithmException e) {
            return false;
        }
    }
}
