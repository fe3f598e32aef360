package dev.sigyn.distributor;

/** The HTTP answer to one push: a status and a plain-text message (empty for 204). */
record PushReply(int status, String message) {
    static final PushReply NO_CONTENT = new PushReply(204, "");

    static PushReply of(PushRejection rejection) {
        return new PushReply(rejection.status(), rejection.getMessage());
    }
}
