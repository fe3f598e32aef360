package dev.sigyn.ruler.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.ext.web.RoutingContext;

/** One answer of the rules API, in the forms Loki's Go handlers write. */
record Reply(int status, String contentType, String body) {
    /** Go's {@code http.Error}: plain text, a newline after the message, no sniffing. */
    static Reply text(int status, String message) {
        return new Reply(status, "text/plain; charset=utf-8", message + "\n");
    }

    static Reply yaml(String yaml) {
        return new Reply(200, "application/yaml", yaml);
    }

    /** Loki's {@code respondAccepted}: the group is stored and will be picked up at the next poll. */
    static Reply accepted() {
        return new Reply(202, "application/json", "{\"status\":\"success\",\"data\":null,\"errorType\":\"\",\"error\":\"\"}");
    }

    /**
     * Loki's {@code respondServerError}: a JSON error body, which Loki writes without a content type, so Go's sniffing
     * calls it plain text.
     */
    static Reply serverError(String message) {
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(message));
        return new Reply(500, "text/plain; charset=utf-8",
                "{\"status\":\"error\",\"data\":null,\"errorType\":\"server_error\",\"error\":\"" + quoted + "\"}");
    }

    void send(RoutingContext ctx) {
        if (ctx.response().ended()) return;
        ctx.response().setStatusCode(status).putHeader("Content-Type", contentType);
        if (contentType.startsWith("text/plain")) ctx.response().putHeader("X-Content-Type-Options", "nosniff");
        ctx.response().end(body);
    }
}
