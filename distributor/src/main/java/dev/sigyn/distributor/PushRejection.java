package dev.sigyn.distributor;

/**
 * A push refused as a whole before anything was written: the HTTP status and the message Loki answers with.
 * Checked so that every decoding step has to say what it does with it.
 */
final class PushRejection extends Exception {
    private final int status;

    PushRejection(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static PushRejection badRequest(String message) {
        return new PushRejection(400, message);
    }
}
