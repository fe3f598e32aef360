package dev.sigyn.ingester.wal;

import java.io.IOException;

/**
 * A WAL file is encrypted with a key that is not configured: replay cannot read it and must not skip it (it holds
 * acknowledged pushes), so start-up stops, naming the key id to configure.
 */
public final class WalKeyMissingException extends IOException {
    private final String keyId;

    WalKeyMissingException(String message, String keyId) {
        super(message);
        this.keyId = keyId;
    }

    /** The hex id of the key the file needs. */
    public String keyId() {
        return keyId;
    }
}
