package dev.sigyn.server.tls;

import dev.sigyn.config.ServerTlsConfig;
import dev.sigyn.config.TlsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Serves new certificates without a restart: every {@link #PERIOD_MILLIS} a Vert.x worker (never the event loop)
 * hashes the block's files, and when they changed, loads them and hands them to the listening server, which uses them
 * for new connections; open connections keep theirs. Files that do not load (half written, a key that does not match)
 * leave the certificate in use, and are tried again once they change.
 */
public final class CertificateReloader {
    private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);
    /** How often the files are checked: a replaced certificate is served within this time. */
    public static final long PERIOD_MILLIS = 2_000;

    private final Vertx vertx;
    private final HttpServer server;
    private final String name;
    private final TlsConfig block;
    private final ServerTlsConfig common;
    /** Written by the worker that checks; checks never overlap (ordered blocking calls). */
    private byte[] fingerprint;

    private CertificateReloader(Vertx vertx, HttpServer server, String name, TlsConfig block, ServerTlsConfig common,
                                byte[] fingerprint) {
        this.vertx = vertx;
        this.server = server;
        this.name = name;
        this.block = block;
        this.common = common;
        this.fingerprint = fingerprint;
    }

    /**
     * The options of {@code block} as its files are now, and a watch that applies later changes to {@code server}
     * once it listens. The watch ends when {@code vertx} closes (its timers end with it).
     */
    public static void watch(Vertx vertx, HttpServer server, String name, TlsConfig block, ServerTlsConfig common,
                             byte[] fingerprintAtLoad) {
        CertificateReloader reloader = new CertificateReloader(vertx, server, name, block, common, fingerprintAtLoad);
        vertx.setPeriodic(PERIOD_MILLIS, id -> vertx.executeBlocking(() -> {
            reloader.check();
            return null;
        }, true));
    }

    /** A digest of the block's files (their bytes, or their absence), to compare with the next one. */
    public static byte[] fingerprint(TlsConfig block) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : List.of(block.certFile(), block.keyFile(), block.clientCaFile())) {
                if (file.isEmpty()) continue;
                try {
                    digest.update(Files.readAllBytes(Path.of(file)));
                } catch (NoSuchFileException e) {
                    digest.update((byte) 0);
                } catch (IOException e) {
                    digest.update((byte) 1);
                }
                digest.update((byte) '\n');
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check() {
        byte[] now = fingerprint(block);
        if (Arrays.equals(now, fingerprint)) return;
        fingerprint = now;
        ServerSSLOptions options;
        try {
            options = ServerTls.load(vertx, name, block, common);
        } catch (RuntimeException e) {
            log.atError().addKeyValue("cert_file", block.certFile()).addKeyValue("key_file", block.keyFile())
                    .addKeyValue("err", e.getMessage())
                    .log(name + ": the changed certificate files do not load; the certificate in use stays");
            return;
        }
        try {
            server.updateSSLOptions(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            log.atInfo().addKeyValue("cert_file", block.certFile()).log(name + ": new certificate files in use");
        } catch (Exception e) {
            log.atError().setCause(e).log(name + ": applying the changed certificate files failed; the certificate"
                    + " in use stays");
        }
    }
}
