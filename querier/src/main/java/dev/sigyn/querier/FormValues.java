package dev.sigyn.querier;

import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;

/**
 * A request's parameters as Go's {@code r.Form} holds them: values from a url-encoded POST body come first, then
 * those of the URL query string, so that {@link #get} prefers the body like Loki does.
 */
final class FormValues {
    private final MultiMap body;
    private final MultiMap query;

    FormValues(MultiMap body, MultiMap query) {
        this.body = body;
        this.query = query;
    }

    /** The first value of a parameter, or "" when it is absent (Go's {@code Form.Get}). */
    String get(String name) {
        String v = body != null ? body.get(name) : null;
        if (v == null && query != null) v = query.get(name);
        return v == null ? "" : v;
    }

    /** Every value of a repeated parameter, body first. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        if (body != null) values.addAll(body.getAll(name));
        if (query != null) values.addAll(query.getAll(name));
        return values;
    }
}
