package dev.sigyn.writelog.group;

/** Kafka could not say who is in a group (unreachable, timed out, refused): callers decide how to carry on. */
public final class GroupUnavailableException extends RuntimeException {
    public GroupUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
