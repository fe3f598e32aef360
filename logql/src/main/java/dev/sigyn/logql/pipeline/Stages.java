package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LineFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the stages of a log pipeline. Parsers take {@code needed}, the label names the rest of the query uses,
 * so that they extract only those; {@code null} extracts everything (always the case for log queries, whose
 * results show all labels). Invalid arguments throw {@link IllegalArgumentException} with Loki's message.
 */
public final class Stages {
    private Stages() {
    }

    /** A line filter ({@code |= "x"}, {@code |~ "re"}, ...) as a stage. */
    public static Stage lineFilter(LineFilter filter) {
        return (ts, line, labels) -> filter.test(line.bytes(), 0, line.length());
    }

    /** {@code | json}: all fields, flattened. */
    public static Stage json(Set<String> needed) {
        return new JsonParser(needed);
    }

    /** {@code | json a="x.y", b="z[0]"}. */
    public static Stage json(List<Extraction> extractions) {
        return new JsonExpressionParser(extractions);
    }

    /** {@code | logfmt [--strict] [--keep-empty]}. */
    public static Stage logfmt(boolean strict, boolean keepEmpty, Set<String> needed) {
        return new LogfmtParser(strict, keepEmpty, needed);
    }

    /** {@code | logfmt [--strict] a="key", ...}. */
    public static Stage logfmt(boolean strict, List<Extraction> extractions) {
        return new LogfmtExpressionParser(extractions, strict);
    }

    /** {@code | regexp "(?P<name>...)"} (RE2 syntax). */
    public static Stage regexp(String regex, Set<String> needed) {
        return new RegexpParser(regex, needed);
    }

    /** {@code | pattern "<a> <_> <b>"}. */
    public static Stage pattern(String pattern, Set<String> needed) {
        return new PatternParser(pattern, needed);
    }

    /** {@code | unpack}. */
    public static Stage unpack(Set<String> needed) {
        return new UnpackParser(needed);
    }

    /** {@code | line_format "..."}. */
    public static Stage lineFormat(LineTemplate template) {
        return new LineFormat(template);
    }

    /** Starts a {@code | label_format ...} stage; add renames and templates in query order. */
    public static LabelFormatBuilder labelFormat() {
        return new LabelFormatBuilder();
    }

    /** {@code | decolorize}. */
    public static Stage decolorize() {
        return new Decolorize();
    }

    /** {@code | drop ...}. */
    public static Stage drop(List<LabelSelection> selections) {
        return new DropLabels(selections);
    }

    /** {@code | keep ...}. */
    public static Stage keep(List<LabelSelection> selections) {
        return new KeepLabels(selections);
    }

    /** Collects the operations of one {@code label_format} stage. */
    public static final class LabelFormatBuilder {
        private final List<LabelFormat.Operation> operations = new ArrayList<>();

        /** {@code target=source}. */
        public LabelFormatBuilder rename(String target, String source) {
            operations.add(new LabelFormat.Operation(target, source, null));
            return this;
        }

        /** {@code target="{{ template }}"}. */
        public LabelFormatBuilder template(String target, LineTemplate template) {
            operations.add(new LabelFormat.Operation(target, null, template));
            return this;
        }

        /** Throws {@link IllegalArgumentException} for a target used twice or {@code __error__} as a target. */
        public Stage build() {
            return new LabelFormat(operations);
        }
    }
}
