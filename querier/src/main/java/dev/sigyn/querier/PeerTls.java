package dev.sigyn.querier;

import dev.sigyn.config.TlsConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * How this process calls other Sigyn processes: in cleartext, or over TLS presenting the cluster's certificate
 * ({@code cert_file}, {@code key_file} of a server TLS block) and trusting the cluster's CA (that block's
 * {@code client_ca_file}; the JVM's CAs when it is empty). One CA signs every process's certificate, each valid for
 * the address others reach that process at ({@code common.instance_addr}), which the client checks.
 */
public record PeerTls(String certFile, String keyFile, String caFile) {
    public static final PeerTls CLEARTEXT = new PeerTls("", "", "");

    /** TLS with {@code block}'s identity and CA when it names a certificate, else cleartext. */
    public static PeerTls of(TlsConfig block) {
        return block.enabled() ? new PeerTls(block.certFile(), block.keyFile(), block.clientCaFile()) : CLEARTEXT;
    }

    public boolean enabled() {
        return !certFile.isEmpty();
    }

    /** {@code options} set up for this TLS (ALPN picks HTTP/2 where the options ask for it), or left as they are. */
    public HttpClientOptions applyTo(HttpClientOptions options) {
        if (!enabled()) return options;
        options.setSsl(true).setUseAlpn(true).setVerifyHost(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile));
        if (!caFile.isEmpty()) options.setTrustOptions(new PemTrustOptions().addCertPath(caFile));
        return options;
    }
}
