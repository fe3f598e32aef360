package dev.sigyn.querier.frontend;

/** What the frontend's two ways of asking a querier (splits, relayed calls) agree on about failures. */
final class Transport {
    private Transport() {}

    /**
     * Statuses of a querier's answer that another querier may not share, so that the work is tried there: 502 and
     * 503 (the querier could not reach what it reads), 501 (it cannot read this frontend's version of the protocol,
     * as during a rolling upgrade).
     */
    static boolean retried(int status) {
        return status == 501 || status == 502 || status == 503;
    }

    /** A transport failure in words: the exception's message, or its kind when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
