package dev.sigyn.logql.pipeline;

/** One {@code label="expression"} of {@code | json label="a.b[0]"} or {@code | logfmt label="key"}. */
public record Extraction(String label, String expression) {
}
