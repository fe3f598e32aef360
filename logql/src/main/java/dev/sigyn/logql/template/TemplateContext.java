package dev.sigyn.logql.template;

import java.util.Map;
import java.util.Objects;

/**
 * What a template sees for one log line: the labels (the template's dot, a map of strings),
 * the line ({@code __line__}) and its timestamp ({@code __timestamp__}).
 */
public interface TemplateContext {

    /** The value of a label, or null when the line has no such label. */
    String label(String name);

    /** All labels; only asked for when a template uses the whole dot (range, print, len). */
    Map<String, String> labels();

    String line();

    long timestampNanos();

    static TemplateContext of(Map<String, String> labels, String line, long timestampNanos) {
        Objects.requireNonNull(labels);
        return new TemplateContext() {
            @Override public String label(String name) { return labels.get(name); }
            @Override public Map<String, String> labels() { return labels; }
            @Override public String line() { return line; }
            @Override public long timestampNanos() { return timestampNanos; }
        };
    }
}
