package dev.sigyn.format;

/**
 * Text that is not in the expected Go or Prometheus form; the message is the error text Go gives, which Loki passes
 * on to clients. Without a stack trace: label filters meet unparsable values on every line.
 */
public final class FormatException extends IllegalArgumentException {
    public FormatException(String goMessage) {
        super(goMessage);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
