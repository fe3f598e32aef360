package dev.sigyn.store.s3;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one S3 call again after transient failures (server errors, throttling, broken connections), waiting longer
 * each time with jitter. Client errors (4xx: missing key, bad credentials, no such bucket) fail at once: retrying
 * cannot fix them.
 */
final class Retrier {
    private static final Logger log = LoggerFactory.getLogger(Retrier.class);
    /** S3 error codes that mean "try again later" even when the HTTP status is not 5xx. */
    private static final Set<String> TRANSIENT_CODES =
            Set.of("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "RequestTimeTooSkewed");
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429);

    interface Call<T> {
        T run() throws Exception;
    }

    private final int maxRetries;
    private final Duration minBackoff;
    private final Duration maxBackoff;

    Retrier(int maxRetries, Duration minBackoff, Duration maxBackoff) {
        this.maxRetries = maxRetries;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The call's result; a failure that is not retried, or the last one, is rethrown as is when it is an IOException. */
    <T> T run(String what, Call<T> call) throws Exception {
        long backoff = Math.max(1, minBackoff.toMillis());
        for (int attempt = 0; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (attempt >= maxRetries || !isTransient(e)) throw e;
                long wait = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
                log.atDebug().addKeyValue("operation", what).addKeyValue("attempt", attempt + 1)
                        .addKeyValue("wait_ms", wait).setCause(e).log("transient S3 failure, retrying");
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to retry " + what);
                }
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    /** True for failures that a later attempt may not have: 5xx, throttling, I/O errors anywhere in the cause chain. */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException r) {
                int status = r.response() == null ? 0 : r.response().code();
                return status >= 500 || TRANSIENT_STATUSES.contains(status)
                        || TRANSIENT_CODES.contains(r.errorResponse().code());
            }
            if (t instanceof ServerException s) return s.statusCode() >= 500 || TRANSIENT_STATUSES.contains(s.statusCode());
            if (t instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) return false;
            if (t instanceof IOException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }
}
