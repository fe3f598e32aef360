package dev.sigyn.logql.syntax;

/**
 * {@code label_replace(inner, "dst", "replacement", "src", "regex")}: where the anchored RE2 {@code regex}
 * matches label {@code src}, label {@code dst} is set to {@code replacement} with {@code $1}-style groups expanded.
 */
public record LabelReplaceExpr(SampleExpr inner, String destination, String replacement, String source, String regex,
                               Position pos) implements SampleExpr {
}
