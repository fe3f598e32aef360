package dev.sigyn.store.bytes;

/** Stored bytes do not have the expected shape (truncated or corrupted object). */
public final class MalformedDataException extends RuntimeException {
    public MalformedDataException(String message) {
        super(message);
    }
}
