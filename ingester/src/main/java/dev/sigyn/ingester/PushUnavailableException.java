package dev.sigyn.ingester;

import java.io.IOException;

/**
 * A push the ingester cannot take right now, for a reason that passes by itself (unflushed data over its bound, the
 * WAL disk full). Nothing of the push was stored; the client should retry later, which is why HTTP answers 503.
 */
public class PushUnavailableException extends IOException {
    public PushUnavailableException(String message) {
        super(message);
    }

    public PushUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
