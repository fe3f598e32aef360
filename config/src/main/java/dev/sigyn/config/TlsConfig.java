package dev.sigyn.config;

import java.util.List;

/**
 * One TLS block of the {@code server:} section ({@code http_tls_config} or {@code grpc_tls_config}), with Loki's keys.
 * TLS is on when a certificate is named; the files are PEM and are read again when they change.
 *
 * @param certFile       {@code cert_file}: the certificate chain this port presents, leaf first
 * @param keyFile        {@code key_file}: its private key (PKCS#8, PKCS#1 RSA or SEC1 EC)
 * @param clientAuthType {@code client_auth_type}: Go's {@code tls.ClientAuthType} name, see {@link #CLIENT_AUTH_TYPES};
 *                       empty means {@code NoClientCert}
 * @param clientCaFile   {@code client_ca_file}: the CAs that sign the clients' certificates
 */
public record TlsConfig(String certFile, String keyFile, String clientAuthType, String clientCaFile) {
    /** Go's names, from the most lenient to the strictest. */
    public static final List<String> CLIENT_AUTH_TYPES = List.of("NoClientCert", "RequestClientCert",
            "RequireAnyClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert");

    public static TlsConfig none() {
        return new TlsConfig("", "", "", "");
    }

    /** True when the port speaks TLS: a certificate is configured. */
    public boolean enabled() {
        return !certFile.isEmpty();
    }

    /** {@link #clientAuthType}, with the empty default spelled out. */
    public String effectiveClientAuth() {
        return clientAuthType.isEmpty() ? "NoClientCert" : clientAuthType;
    }

    /** The modes that check a client's certificate against {@code client_ca_file}, which they then need. */
    public boolean verifiesClients() {
        String auth = effectiveClientAuth();
        return auth.equals("VerifyClientCertIfGiven") || auth.equals("RequireAndVerifyClientCert");
    }
}
