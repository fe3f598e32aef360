package dev.sigyn.server;

import dev.sigyn.config.CommonConfig;
import dev.sigyn.config.SigynConfig;
import dev.sigyn.store.s3.S3BlobStore;
import dev.sigyn.store.s3.S3Options;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.Constants;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * A real S3 server (S3Proxy) inside the test JVM on a loopback port, keeping its objects in a directory: it can be
 * stopped (the endpoint then refuses connections, as a dead MinIO does) and started again on the same port with the
 * same objects. Sigyn reaches it through its S3 backend with AWS V4 signatures, configured as a user would.
 */
final class S3TestProxy implements AutoCloseable {
    static final String KEY = "sigyn-test";
    static final String SECRET = "sigyn-test-secret";
    static final String BUCKET = "sigyn-chunks";

    private final Path directory;
    private int port;
    private S3Proxy proxy;

    private S3TestProxy(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a server over {@code directory} on a free port and creates the bucket. */
    static S3TestProxy start(Path directory) throws Exception {
        S3TestProxy p = new S3TestProxy(directory, 0);
        p.restart();
        try (S3BlobStore client = new S3BlobStore(S3Options.fromConfig(p.s3Config()).orElseThrow())) {
            client.createBucketIfMissing();
        }
        return p;
    }

    /** A configured port where nothing listens yet: Sigyn can be started against a store that is down. */
    static S3TestProxy notStarted(Path directory) throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new S3TestProxy(directory, s.getLocalPort());
        }
    }

    /** Starts (again) on the same port over the same directory; creates the bucket when it is missing. */
    void restart() throws Exception {
        if (proxy != null) throw new IllegalStateException("already running");
        Files.createDirectories(directory.resolve(BUCKET));
        Properties props = new Properties();
        props.setProperty(Constants.PROPERTY_IDENTITY, KEY);
        props.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET);
        props.setProperty("jclouds.filesystem.basedir", directory.toString());
        S3Proxy p = S3Proxy.builder().blobStore(BlobStores.create("filesystem", props))
                .awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
                .endpoint(URI.create("http://127.0.0.1:" + port)).stopTimeout(0).build();
        p.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!p.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start: " + p.getState());
            Thread.sleep(10);
        }
        proxy = p;
        port = p.getPort();
    }

    /** Stops the server: connections to its port are refused until {@link #restart()}. */
    void stop() throws Exception {
        if (proxy == null) return;
        proxy.stop();
        proxy = null;
    }

    int port() {
        return port;
    }

    /** The bucket as a user configures it under {@code common.storage.s3}. */
    CommonConfig.S3Config s3Config() {
        return new CommonConfig.S3Config("", "127.0.0.1:" + port, BUCKET, KEY, SECRET, "us-east-1", true, true);
    }

    /** {@code base} with its object store switched to this bucket (its path_prefix, so its WAL, unchanged). */
    SigynConfig configure(SigynConfig base) {
        CommonConfig c = base.common();
        return base.withCommon(new CommonConfig(c.pathPrefix(),
                new CommonConfig.StorageConfig(c.storage().filesystem(), s3Config())));
    }

    /** The keys in the bucket under a prefix, read with a client of its own. */
    List<String> list(String prefix) throws Exception {
        try (S3BlobStore client = new S3BlobStore(S3Options.fromConfig(s3Config()).orElseThrow())) {
            return client.list(prefix);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
