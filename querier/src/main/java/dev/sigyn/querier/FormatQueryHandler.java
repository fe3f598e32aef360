package dev.sigyn.querier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import dev.sigyn.logql.syntax.Prettifier;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * {@code /loki/api/v1/format_query}: the query pretty-printed, as Grafana's "format query" button asks for it.
 * Like Loki it needs no tenant (nothing is read) and answers JSON even for a query that does not parse:
 * {@code {"status":"success","data":"..."}} or 400 {@code {"status":"invalid-query","error":"parse error ..."}}.
 * Parsing is cheap and bounded (the parser is linear), so it runs on the event loop.
 */
final class FormatQueryHandler {
    private static final JsonFactory JSON = new JsonFactory();

    private FormatQueryHandler() {}

    static void handle(RoutingContext ctx) {
        String query = ctx.request().getFormAttribute("query");
        if (query == null) query = ctx.queryParams().get("query");
        int status;
        String body;
        try {
            body = response("success", "data", Prettifier.pretty(Parser.parseExpr(query == null ? "" : query)));
            status = 200;
        } catch (ParseException e) {
            body = response("invalid-query", "error", e.getMessage());
            status = 400;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body + "\n");
    }

    private static String response(String status, String field, String value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", status);
            g.writeStringField(field, value);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
