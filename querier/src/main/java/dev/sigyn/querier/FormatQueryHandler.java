package dev.sigyn.querier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sigyn.logql.LimitExceededException;
import dev.sigyn.logql.QueryContext;
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
 * Parsing compiles the query's regular expressions, so it runs on a query thread like every other query work.
 */
final class FormatQueryHandler {
    private static final JsonFactory JSON = new JsonFactory();

    private final QueryPool pool;

    FormatQueryHandler(QueryPool pool) {
        this.pool = pool;
    }

    void handle(RoutingContext ctx) {
        String form = ctx.request().getFormAttribute("query");
        String query = form != null ? form : ctx.queryParams().get("query");
        Call call = new Call(Call.Endpoint.FORMAT_QUERY, "", null, 0, QueryContext.of(0));
        pool.run(call, () -> answer(query == null ? "" : query)).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().setStatusCode(ar.result().status())
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(ar.result().body() + "\n");
        });
    }

    private record Answer(int status, String body) {}

    private static Answer answer(String query) {
        try {
            return new Answer(200, response("success", "data", Prettifier.pretty(Parser.parseExpr(query))));
        } catch (ParseException | LimitExceededException e) {
            return new Answer(400, response("invalid-query", "error", e.getMessage()));
        }
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
