package dev.sigyn.store.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sigyn.config.CommonConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.Constants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** S3BlobStore against a real S3 server (S3Proxy, in memory) on a loopback port, signed with AWS V4. */
class S3BlobStoreTest {
    private static final String KEY = "sigyn-test";
    private static final String SECRET = "sigyn-test-secret";

    private static S3Proxy proxy;
    private static S3BlobStore store;
    private static int bucketCount;

    @BeforeAll
    static void startS3() throws Exception {
        Properties props = new Properties();
        props.setProperty(Constants.PROPERTY_IDENTITY, KEY);
        props.setProperty(Constants.PROPERTY_CREDENTIAL, SECRET);
        BlobStore backend = BlobStores.create("transient", props);
        proxy = S3Proxy.builder().blobStore(backend).awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
                .endpoint(URI.create("http://127.0.0.1:0")).stopTimeout(0).build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) Thread.sleep(10);
        store = newStore("chunks");
        store.createBucketIfMissing();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (store != null) store.close();
        if (proxy != null) proxy.stop();
    }

    /** A client of its own, as a second Sigyn process would have, configured the way a user writes it. */
    private static S3BlobStore newStore(String bucket) {
        var config = new CommonConfig.S3Config("", "127.0.0.1:" + proxy.getPort(), bucket, KEY, SECRET, "us-east-1",
                true, true);
        return new S3BlobStore(S3Options.fromConfig(config).orElseThrow());
    }

    private static S3BlobStore freshBucket() throws Exception {
        S3BlobStore s = newStore("bucket-" + (++bucketCount));
        s.createBucketIfMissing();
        return s;
    }

    @Test
    void putThenGetReturnsTheBytes() throws Exception {
        byte[] data = "hello\u0000world".getBytes(StandardCharsets.UTF_8);
        store.put("chunks/fake/abc/1-2-3", data);
        assertArrayEquals(data, store.get("chunks/fake/abc/1-2-3"));
        store.put("chunks/fake/abc/1-2-3", new byte[0]);
        assertArrayEquals(new byte[0], store.get("chunks/fake/abc/1-2-3"));
    }

    @Test
    void aMissingKeyIsNoSuchFile() {
        var e = assertThrows(NoSuchFileException.class, () -> store.get("chunks/fake/none"));
        assertEquals("chunks/fake/none", e.getFile());
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        store.put("index/1/fake/w-1.idx", new byte[] {1});
        store.delete("index/1/fake/w-1.idx");
        assertThrows(NoSuchFileException.class, () -> store.get("index/1/fake/w-1.idx"));
        store.delete("index/1/fake/w-1.idx");
        store.delete("never/existed");
    }

    @Test
    void listIsSortedFilteredByPrefixAndPagesPastAThousandKeys() throws Exception {
        try (S3BlobStore s = freshBucket(); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<String> expected = new ArrayList<>();
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 1100; i > 0; i--) {
                String key = "index/20000/fake/w-" + String.format("%019d", i) + ".idx";
                expected.add(key);
                puts.add(pool.submit(() -> { s.put(key, new byte[] {7}); return null; }));
            }
            s.put("index/20001/fake/w-1.idx", new byte[] {1});
            s.put("index/2000/other", new byte[] {1});
            for (Future<?> f : puts) f.get();
            expected.sort(null);
            assertEquals(expected, s.list("index/20000/"));
            assertEquals(1102, s.list("index/2000").size());
            assertEquals(List.of("index/2000/other"), s.list("index/2000/"));
            assertEquals(List.of(), s.list("chunks/"));
        }
    }

    @Test
    void objectsLargerThanAPartAreStoredWhole() throws Exception {
        byte[] big = new byte[(int) S3BlobStore.PART_SIZE * 2 + 12345]; // three parts of a multipart upload
        new Random(42).nextBytes(big);
        store.put("chunks/fake/big/0-1-2", big);
        assertArrayEquals(big, store.get("chunks/fake/big/0-1-2"));
        byte[] sixMiB = new byte[6 << 20]; // above S3's 5 MiB part minimum, below our part size: one PUT
        new Random(7).nextBytes(sixMiB);
        store.put("chunks/fake/big/3-4-5", sixMiB);
        assertArrayEquals(sixMiB, store.get("chunks/fake/big/3-4-5"));
    }

    @Test
    void anotherClientSeesTheObjects() throws Exception {
        store.put("chunks/fake/shared/1-1-1", "from the first".getBytes(StandardCharsets.UTF_8));
        try (S3BlobStore second = newStore("chunks")) {
            assertEquals("from the first", new String(second.get("chunks/fake/shared/1-1-1"), StandardCharsets.UTF_8));
            assertEquals(List.of("chunks/fake/shared/1-1-1"), second.list("chunks/fake/shared/"));
            second.delete("chunks/fake/shared/1-1-1");
        }
        assertEquals(List.of(), store.list("chunks/fake/shared/"));
    }

    @Test
    void wrongCredentialsFailAtOnceWithAnIOException() throws Exception {
        var config = new CommonConfig.S3Config("", "127.0.0.1:" + proxy.getPort(), "chunks", KEY, "wrong", "us-east-1",
                true, true);
        try (S3BlobStore bad = new S3BlobStore(S3Options.fromConfig(config).orElseThrow())) {
            long start = System.nanoTime();
            var e = assertThrows(java.io.IOException.class, () -> bad.get("chunks/x"));
            assertEquals(false, e instanceof NoSuchFileException, e.toString());
            // 4xx is not retried: far less than the backoff of five retries
            assertEquals(true, System.nanoTime() - start < 2_000_000_000L, "took too long: retried a 4xx?");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        // Accepts connections (the kernel backlog does it) but never reads or answers: a hung S3 endpoint.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var options = new S3Options("http://127.0.0.1:" + silent.getLocalPort(), "chunks", KEY, SECRET,
                    "us-east-1", true, java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(300), 1,
                    java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5));
            try (S3BlobStore hung = new S3BlobStore(options)) {
                long start = System.nanoTime();
                assertThrows(java.io.IOException.class, () -> hung.put("chunks/x", new byte[] {1}));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(true, millis < 5_000, "two attempts of 300 ms took " + millis + " ms");
            }
        }
    }

    @Test
    void connectionErrorsAreRetriedThenReported() throws Exception {
        var options = new S3Options("http://127.0.0.1:1", "chunks", KEY, SECRET, "us-east-1", true,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 2,
                java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5));
        try (S3BlobStore down = new S3BlobStore(options)) {
            assertThrows(java.io.IOException.class, () -> down.put("chunks/x", new byte[] {1}));
        }
    }

    @Test
    void forcePathStyleChoosesBetweenPathAndHostNameForTheBucket() throws Exception {
        // Records each request's line and Host header instead of answering like S3 (the client then gives up).
        try (var recorder = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (true) {
                    try (java.net.Socket s = recorder.accept()) {
                        var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                                StandardCharsets.US_ASCII));
                        String request = in.readLine();
                        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                            if (h.regionMatches(true, 0, "Host:", 0, 5)) request += " @ " + h.substring(5).strip();
                        }
                        seen.add(request);
                    } catch (java.io.IOException e) {
                        return; // the recorder closed
                    }
                }
            });
            String host = "localhost:" + recorder.getLocalPort();
            List<String> pathStyle = requests(host, true, seen);
            List<String> hostStyle = requests(host, false, seen);
            assertEquals(List.of("GET /chunks/chunks/x HTTP/1.1 @ " + host), pathStyle);
            // Virtual-host style: "chunks.localhost", which reaches the recorder only where *.localhost resolves.
            for (String r : hostStyle) assertEquals("GET /chunks/x HTTP/1.1 @ chunks." + host, r);
            recorder.close();
            acceptor.join(5_000);
        }
    }

    /** What a get through a client with this {@code s3forcepathstyle} sent to the recorder at {@code host}. */
    private static List<String> requests(String host, boolean forcePathStyle, List<String> seen) throws Exception {
        int before = seen.size();
        var options = new S3Options("http://" + host, "chunks", KEY, SECRET, "us-east-1", forcePathStyle,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(300), 0,
                java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5));
        try (S3BlobStore s3 = new S3BlobStore(options)) {
            assertThrows(java.io.IOException.class, () -> s3.get("chunks/x"));
        }
        Thread.sleep(100); // the recorder finishes reading the headers
        synchronized (seen) {
            return List.copyOf(seen.subList(before, seen.size()));
        }
    }
}
