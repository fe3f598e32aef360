package dev.sigyn.logql.template;

import java.util.Map;

/** The template's dot in Loki: the line's labels seen as a Go map[string]string, read lazily by key. */
record LabelsValue(TemplateContext ctx) {
    /** Go's missingkey=zero on a map of strings: an absent label reads as "". */
    String get(String name) {
        String v = ctx.label(name);
        return v == null ? "" : v;
    }

    Map<String, String> asMap() {
        return ctx.labels();
    }
}
