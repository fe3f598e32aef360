package dev.sigyn.store.s3;

import dev.sigyn.store.BlobStore;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * A {@link BlobStore} on one S3 bucket (AWS S3, MinIO, Ceph RGW, ...), through the MinIO Java client. Object keys are
 * Sigyn's keys unchanged, so the bucket has the layout of docs/storage-format.md.
 *
 * <p>Every method blocks on the network, each attempt bounded by the timeouts of {@link S3Options}, plus retries:
 * never call it on a Vert.x event loop (use {@code executeBlocking} or a worker). Transient failures (5xx, throttling,
 * broken connections) are retried with exponential backoff; 4xx answers are not. An S3 PUT is atomic: readers see the
 * old object or the whole new one; objects above {@link #PART_SIZE} go up as a multipart upload, which also appears
 * only when complete.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    /** Objects larger than this are uploaded in parts of this size (S3's minimum part size is 5 MiB). */
    static final long PART_SIZE = 8L << 20;

    private final S3Options options;
    private final MinioClient client;
    private final Retrier retrier;

    public S3BlobStore(S3Options options) {
        this.options = options;
        // Our own HTTP client: timeouts from the options, and no retry layer of its own (Retrier decides).
        OkHttpClient http = S3Tls.apply(new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(S3Options.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .protocols(List.of(Protocol.HTTP_1_1)), options)
                .build();
        MinioClient.Builder builder = MinioClient.builder().endpoint(options.endpoint()).httpClient(http, true);
        if (!options.accessKeyId().isEmpty()) builder.credentials(options.accessKeyId(), options.secretAccessKey());
        if (!options.region().isEmpty()) builder.region(options.region());
        this.client = builder.build();
        if (options.forcePathStyle()) client.disableVirtualStyleEndpoint();
        else client.enableVirtualStyleEndpoint();
        this.retrier = new Retrier(options.maxRetries(), options.minBackoff(), options.maxBackoff());
    }

    public S3Options options() {
        return options;
    }

    /** Creates the bucket when it does not exist yet (for tests and first starts against an empty MinIO). */
    public void createBucketIfMissing() throws IOException {
        call("create bucket", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(options.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(options.bucket()).build());
            }
            return null;
        }, null);
    }

    @Override
    public byte[] get(String key) throws IOException {
        checkKey(key);
        return call("get " + key, () -> {
            try (GetObjectResponse in = client.getObject(
                    GetObjectArgs.builder().bucket(options.bucket()).object(key).build())) {
                return in.readAllBytes();
            }
        }, key);
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        checkKey(key);
        call("put " + key, () -> {
            PutObjectArgs.Builder args = PutObjectArgs.builder().bucket(options.bucket()).object(key)
                    .contentType("application/octet-stream");
            // As headers rather than the client's SSE types, which refuse SSE-KMS over plain HTTP (a TLS-terminating
            // proxy in front of MinIO, say); AWS itself refuses it without TLS.
            if (!options.sse().headers().isEmpty()) args.extraHeaders(options.sse().headers());
            if (data.length <= PART_SIZE) args.data(data, data.length);
            else args.stream(new ByteArrayInputStream(data), (long) data.length, PART_SIZE);
            client.putObject(args.build());
            return null;
        }, null);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        // The client pages through ListObjectsV2 lazily (1000 keys a request); a failure on any page retries the
        // whole listing, which is cheap next to a wrong answer.
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            Iterable<Result<Item>> results = client.listObjects(ListObjectsArgs.builder().bucket(options.bucket())
                    .prefix(prefix).recursive(true).build());
            for (Result<Item> result : results) {
                Item item = result.get();
                if (!item.isDir()) keys.add(item.objectName());
            }
            Collections.sort(keys);
            return keys;
        }, null);
    }

    @Override
    public void delete(String key) throws IOException {
        checkKey(key);
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(options.bucket()).object(key).build());
            return null;
        }, key);
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException("closing the S3 client failed", e);
        }
    }

    /** Runs a call with retries and turns whatever the client throws into the IOExceptions BlobStore promises. */
    private <T> T call(String what, Retrier.Call<T> call, String key) throws IOException {
        try {
            return retrier.run(what, call);
        } catch (Exception e) {
            ErrorResponseException s3Error = findS3Error(e);
            if (s3Error != null) {
                String code = s3Error.errorResponse().code();
                if (key != null && ("NoSuchKey".equals(code) || "NoSuchObject".equals(code))) {
                    if (what.startsWith("delete ")) return null; // deleting a missing object is fine
                    NoSuchFileException missing = new NoSuchFileException(key, null, "no such object in bucket "
                            + options.bucket());
                    missing.initCause(e);
                    throw missing;
                }
                throw new IOException("S3 " + what + " in bucket " + options.bucket() + " at " + options.endpoint()
                        + " failed: " + code + ": " + s3Error.errorResponse().message(), e);
            }
            if (e instanceof IOException io) throw io;
            throw new IOException("S3 " + what + " in bucket " + options.bucket() + " at " + options.endpoint()
                    + " failed: " + e, e);
        }
    }

    private static ErrorResponseException findS3Error(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ErrorResponseException r) return r;
        }
        return null;
    }

    /** S3 takes nearly any key; these would not round-trip through the other backends or through list(). */
    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("object key must be non-empty and not start or end with '/': " + key);
        }
    }
}
