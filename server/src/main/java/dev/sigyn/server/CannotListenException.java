package dev.sigyn.server;

import java.net.BindException;
import java.util.Locale;

/** The HTTP port could not be opened: in use by another process, a privileged port, or an address not on this host. */
final class CannotListenException extends Exception {

    CannotListenException(String host, int port, BindException cause) {
        super(message(host, port, cause), cause);
    }

    private static String message(String host, int port, BindException cause) {
        String reason = cause.getMessage() == null ? "cannot bind" : cause.getMessage().toLowerCase(Locale.ROOT);
        String hint = reason.contains("in use")
                ? " (another process holds it: stop that process or choose another port with -server.http-listen-port)"
                : "";
        return "cannot listen on " + host + ":" + port + ": " + reason + hint;
    }
}
