package dev.sigyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loki's TLS keys of the server block, read from a file and flags, and the values Sigyn refuses at start-up. */
class TlsSettingsTest {
    @TempDir
    Path dir;

    private SigynConfig load(String yaml, String... flags) throws Exception {
        Path f = Files.writeString(dir.resolve("sigyn.yaml"), yaml);
        String[] args = new String[flags.length + 1];
        args[0] = "-config.file=" + f;
        System.arraycopy(flags, 0, args, 1, flags.length);
        return ConfigLoader.load(args, name -> null).config();
    }

    @Test
    void readsLokisTlsBlocksAndFlags() throws Exception {
        SigynConfig c = load("""
                server:
                  tls_min_version: VersionTLS13
                  tls_cipher_suites: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305
                  http_tls_config:
                    cert_file: /tls/http.crt
                    key_file: /tls/http.key
                    client_auth_type: RequireAndVerifyClientCert
                    client_ca_file: /tls/ca.pem
                """, "-server.grpc-tls-cert-path=/tls/grpc.crt", "-server.grpc-tls-key-path=/tls/grpc.key",
                "-server.grpc-tls-client-auth=VerifyClientCertIfGiven", "-server.grpc-tls-ca-path=/tls/cluster.pem");
        ServerTlsConfig tls = c.server().tls();
        assertEquals(new TlsConfig("/tls/http.crt", "/tls/http.key", "RequireAndVerifyClientCert", "/tls/ca.pem"),
                tls.http());
        assertEquals(new TlsConfig("/tls/grpc.crt", "/tls/grpc.key", "VerifyClientCertIfGiven", "/tls/cluster.pem"),
                tls.grpc());
        assertEquals("VersionTLS13", tls.minVersion());
        // Go's older name of the ChaCha20 suite is IANA's without "_SHA256".
        assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
                tls.cipherSuiteList());
    }

    @Test
    void refusesAClientAuthTypeGoDoesNotHave() {
        var e = assertThrows(ConfigException.class, () -> load("""
                server:
                  http_tls_config:
                    client_auth_type: RequireClientCert
                """));
        assertTrue(e.getMessage().contains("server.http_tls_config.client_auth_type"), e.getMessage());
        assertTrue(e.getMessage().contains("RequireAndVerifyClientCert"), e.getMessage());
    }

    @Test
    void refusesAnUnknownMinimumVersionOrCipherSuite() {
        var version = assertThrows(ConfigException.class, () -> load("server:\n  tls_min_version: TLS13\n"));
        assertTrue(version.getMessage().contains("VersionTLS13"), version.getMessage());
        var suite = assertThrows(ConfigException.class,
                () -> load("server:\n  tls_cipher_suites: TLS_MADE_UP_WITH_ROT13\n"));
        assertTrue(suite.getMessage().contains("server.tls_cipher_suites"), suite.getMessage());
    }
}
