package dev.sigyn.logql.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A function a template may call: its Go signature (used to convert and check arguments the way Go's
 * reflection-based call does) and its implementation.
 */
record TemplateFunction(String name, List<Param> params, boolean variadic, Impl impl) {

    /** Go parameter types that matter for argument conversion. */
    enum Param {
        STRING("string"), INT("int"), FLOAT("float64"), BOOL("bool"), TIME("time.Time"), ANY("interface {}");

        final String goName;

        Param(String goName) {
            this.goName = goName;
        }
    }

    @FunctionalInterface
    interface Impl {
        /** Throws {@link GoError} (or any runtime exception, reported like a Go panic) on failure. */
        Object call(TemplateContext ctx, Object[] args);
    }

    static TemplateFunction of(String name, Impl impl, Param... params) {
        return new TemplateFunction(name, List.of(params), false, impl);
    }

    /** The last parameter may repeat (Go's ...T). */
    static TemplateFunction variadic(String name, Impl impl, Param... params) {
        return new TemplateFunction(name, List.of(params), true, impl);
    }

    /** The function table: name to function, later groups overriding earlier ones. */
    static Map<String, TemplateFunction> table(List<List<TemplateFunction>> groups) {
        Map<String, TemplateFunction> table = new HashMap<>();
        for (List<TemplateFunction> group : groups) {
            for (TemplateFunction f : group) table.put(f.name(), f);
        }
        return Map.copyOf(table);
    }
}
