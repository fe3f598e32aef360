package dev.sigyn.querier.tail;

import dev.sigyn.format.FormatException;
import dev.sigyn.format.GoInts;
import dev.sigyn.logql.syntax.Expr;
import dev.sigyn.querier.LokiParams;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;
import io.vertx.core.MultiMap;


/**
 * The parameters of a tail request, checked as Loki's {@code ParseTailQuery} checks them: {@code query} a log query,
 * {@code limit} (default 100) how many past lines to send first, {@code start} (default an hour ago) where those
 * may begin, {@code delay_for} (0–5 s) how long to hold new lines back so that late ones can be put in order.
 */
record TailRequest(LogSelectorExpr query, int limit, long startNanos, long delayForNanos) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_DELAY_FOR_SECONDS = 5;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Thrown with the message of a 400 answer. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    static TailRequest parse(MultiMap params, long nowNanos) throws BadRequest {
        LogSelectorExpr query = query(value(params, "query"));
        int limit = integer(value(params, "limit"), DEFAULT_LIMIT);
        if (limit <= 0) throw new BadRequest("limit must be a positive value");
        long start;
        try {
            start = LokiParams.tailStart(params, nowNanos);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
        int delayFor = integer(value(params, "delay_for"), 0);
        if (delayFor < 0) throw new BadRequest("delay_for value " + delayFor + " is out of range [0, 4294967295]");
        if (delayFor > MAX_DELAY_FOR_SECONDS) {
            throw new BadRequest("delay_for can't be greater than " + MAX_DELAY_FOR_SECONDS);
        }
        return new TailRequest(query, limit, start, delayFor * NANOS_PER_SECOND);
    }

    private static String value(MultiMap params, String name) {
        String v = params.get(name);
        return v == null ? "" : v;
    }

    private static LogSelectorExpr query(String text) throws BadRequest {
        Expr expr;
        try {
            expr = Parser.parseExpr(text);
        } catch (ParseException e) {
            throw new BadRequest(e.getMessage());
        }
        if (expr instanceof LogSelectorExpr log) return log;
        throw new BadRequest("tailing requires a log query, not a metric query");
    }

    private static int integer(String text, int defaultValue) throws BadRequest {
        if (text.isEmpty()) return defaultValue;
        try {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, GoInts.atoi(text)));
        } catch (FormatException e) {
            throw new BadRequest(e.getMessage());
        }
    }
}
