package dev.sigyn.logql.tail;

/** A tenant already has {@code limits_config.max_concurrent_tail_requests} live tails open. */
public final class TooManyTails extends Exception {
    public TooManyTails(int count, int limit) {
        // Loki's message: the count includes the refused request.
        super("max concurrent tail requests limit exceeded, count > limit (" + (count + 1) + " > " + limit + ")",
                null, false, false);
    }
}
