package dev.sigyn.store.crypt;

import java.io.IOException;

/** A stored object that is encrypted and cannot be opened: its key is missing, or its bytes do not authenticate. */
public final class UnreadableObjectException extends IOException {
    public UnreadableObjectException(String message) {
        super(message);
    }

    public UnreadableObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
