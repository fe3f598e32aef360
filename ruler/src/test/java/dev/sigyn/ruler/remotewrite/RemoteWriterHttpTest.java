package dev.sigyn.ruler.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpServer;
import dev.sigyn.ruler.notify.ClientAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** The request on the wire and the answers to the receiver's status codes, against a JDK HTTP server. */
class RemoteWriterHttpTest {
    @TempDir Path dir;
    private HttpServer server;
    /** Status codes to answer with, in turn; 200 once used up. */
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Request> requests = new ArrayBlockingQueue<>(100);

    record Request(Map<String, String> headers, byte[] body, int status) {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/write", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Integer status = statuses.poll();
            int code = status == null ? 204 : status;
            Map<String, String> headers = new java.util.HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
            requests.add(new Request(headers, body, code));
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RemoteWriteSettings settings(int batchSize) {
        return new RemoteWriteSettings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write"),
                Map.of("x-scope-orgid", "forged", "X-Extra", "yes"), new ClientAuth.Bearer("secret"),
                Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(100), batchSize, dir, 1 << 20);
    }

    private static RecordedSeries sample(String name, long ts, double v) {
        return new RecordedSeries(Map.of("zone", "z", "__name__", name, "app", "a"), ts, v);
    }

    private Request next() throws InterruptedException {
        Request r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no request reached the receiver");
        return r;
    }

    @Test
    void postsSnappyProtobufWithTheTenantsOrgId() throws Exception {
        try (RemoteWriter w = new RemoteWriter(settings(100), new SimpleMeterRegistry())) {
            w.append("acme", List.of(sample("m", 1000, 1.5), sample("m", 2000, 0), sample("n", 0, -2)));
            Request r = next();
            assertEquals("acme", r.headers().get("x-scope-orgid"));
            assertEquals("yes", r.headers().get("x-extra"));
            assertEquals("Bearer secret", r.headers().get("authorization"));
            assertEquals("snappy", r.headers().get("content-encoding"));
            assertEquals("application/x-protobuf", r.headers().get("content-type"));
            assertEquals("0.1.0", r.headers().get("x-prometheus-remote-write-version"));
            assertEquals(List.of(
                    "__name__=m,app=a,zone=z @1000=1.5 @2000=0.0",
                    "__name__=n,app=a,zone=z @0=-2.0"), decode(Snappy.uncompress(r.body())));
        }
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetriedUntilAccepted() throws Exception {
        statuses.addAll(List.of(503, 429, 500));
        var metrics = new SimpleMeterRegistry();
        try (RemoteWriter w = new RemoteWriter(settings(100), metrics)) {
            w.append("acme", List.of(sample("m", 1000, 1)));
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 4; i++) codes.add(next().status());
            assertEquals(List.of(503, 429, 500, 204), codes);
            awaitPending(w, 0);
            assertEquals(1, metrics.get("sigyn.ruler.remote_write.samples.sent").counter().count());
            assertEquals(0, metrics.get("sigyn.ruler.remote_write.samples.failed").counter().count());
        }
    }

    @Test
    void aBatchRejectedWithA4xxIsDroppedAndCountedAndTheNextIsSent() throws Exception {
        statuses.add(400);
        var metrics = new SimpleMeterRegistry();
        try (RemoteWriter w = new RemoteWriter(settings(2), metrics)) {
            w.append("acme", List.of(sample("m", 1000, 1), sample("m", 2000, 2), sample("m", 3000, 3)));
            assertEquals(400, next().status());
            Request second = next();
            assertEquals(204, second.status());
            assertEquals(List.of("__name__=m,app=a,zone=z @3000=3.0"), decode(Snappy.uncompress(second.body())));
            awaitPending(w, 0);
            assertEquals(2, metrics.get("sigyn.ruler.remote_write.samples.failed").counter().count());
            assertEquals(1, metrics.get("sigyn.ruler.remote_write.samples.sent").counter().count());
        }
    }

    private static void awaitPending(RemoteWriter w, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (w.pending() != n) {
            if (System.nanoTime() > deadline) throw new AssertionError("pending stays at " + w.pending());
            Thread.sleep(20);
        }
    }

    /** A WriteRequest as one line per TimeSeries: labels in wire order, then samples. */
    private static List<String> decode(byte[] proto) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(proto);
        List<String> out = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            assertEquals(1, WireFormat.getTagFieldNumber(tag));
            int limit = in.pushLimit(in.readRawVarint32());
            List<String> labels = new ArrayList<>();
            StringBuilder samples = new StringBuilder();
            for (int t = in.readTag(); t != 0; t = in.readTag()) {
                int inner = in.pushLimit(in.readRawVarint32());
                if (WireFormat.getTagFieldNumber(t) == 1) {
                    String name = "", value = "";
                    for (int f = in.readTag(); f != 0; f = in.readTag()) {
                        if (WireFormat.getTagFieldNumber(f) == 1) name = in.readString();
                        else value = in.readString();
                    }
                    labels.add(name + "=" + value);
                } else {
                    double v = 0;
                    long ts = 0;
                    for (int f = in.readTag(); f != 0; f = in.readTag()) {
                        if (WireFormat.getTagFieldNumber(f) == 1) v = in.readDouble();
                        else ts = in.readInt64();
                    }
                    samples.append(" @").append(ts).append('=').append(v);
                }
                in.popLimit(inner);
            }
            in.popLimit(limit);
            out.add(String.join(",", labels) + samples);
        }
        return out;
    }
}
