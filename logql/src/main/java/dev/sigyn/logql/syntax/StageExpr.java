package dev.sigyn.logql.syntax;

import dev.sigyn.logql.LabelMatcher;

import java.util.List;
import java.util.Objects;

/**
 * One stage of a log pipeline. Line filters ({@link LineFilterExpr}) are written without a pipe; every other stage
 * follows a {@code |}. Stages run in the order written.
 */
public sealed interface StageExpr permits LineFilterExpr, StageExpr.Json, StageExpr.Logfmt, StageExpr.Regexp,
        StageExpr.Pattern, StageExpr.Unpack, StageExpr.LabelFilter, StageExpr.LineFormat, StageExpr.LabelFormat,
        StageExpr.Decolorize, StageExpr.Drop, StageExpr.Keep {

    Position pos();

    /** {@code label="expression"} of {@code json}/{@code logfmt}; a bare {@code label} has itself as expression. */
    record Extraction(String label, String expression) {
        public Extraction {
            Objects.requireNonNull(label);
            Objects.requireNonNull(expression);
        }
    }

    /** {@code | json} (every field) or {@code | json a="x.y", b} (only the named JSONPath-like expressions). */
    record Json(List<Extraction> extractions, Position pos) implements StageExpr {
        public Json {
            extractions = List.copyOf(extractions);
        }
    }

    /** {@code | logfmt [--strict] [--keep-empty] [a="key", b]}. */
    record Logfmt(boolean strict, boolean keepEmpty, List<Extraction> extractions, Position pos) implements StageExpr {
        public Logfmt {
            extractions = List.copyOf(extractions);
        }
    }

    /** {@code | regexp "(?P<name>...)"}: named RE2 groups become labels. */
    record Regexp(String regex, Position pos) implements StageExpr {
    }

    /** {@code | pattern "<ip> - <_>"}: named captures become labels. */
    record Pattern(String pattern, Position pos) implements StageExpr {
    }

    /** {@code | unpack}: JSON object fields become labels, {@code _entry} replaces the line. */
    record Unpack(Position pos) implements StageExpr {
    }

    /** {@code | <label filter>}: keeps the lines whose labels pass {@code filter}. */
    record LabelFilter(LabelFilterExpr filter, Position pos) implements StageExpr {
    }

    /** {@code | line_format "template"}: a Go text/template replacing the line. */
    record LineFormat(String template, Position pos) implements StageExpr {
    }

    /**
     * One assignment of {@code label_format}: {@code dst=src} renames (moves) a label, {@code dst="tmpl"} sets
     * {@code dst} to the rendered Go template.
     */
    record LabelFmt(String destination, String value, boolean template) {
        public static LabelFmt rename(String destination, String source) {
            return new LabelFmt(destination, source, false);
        }

        public static LabelFmt template(String destination, String template) {
            return new LabelFmt(destination, template, true);
        }
    }

    /** {@code | label_format a=b, c="{{.x}}"}. */
    record LabelFormat(List<LabelFmt> assignments, Position pos) implements StageExpr {
        public LabelFormat {
            assignments = List.copyOf(assignments);
        }
    }

    /** {@code | decolorize}: strips ANSI colour sequences from the line. */
    record Decolorize(Position pos) implements StageExpr {
    }

    /**
     * One operand of {@code drop}/{@code keep}: a bare label {@code name} ({@code matcher} null) or a matcher
     * {@code name="v"} / {@code name=~"re"} that applies only when the value matches.
     */
    record NamedMatcher(String name, LabelMatcher matcher) {
        public static NamedMatcher named(String name) {
            return new NamedMatcher(name, null);
        }

        public static NamedMatcher of(LabelMatcher matcher) {
            return new NamedMatcher(matcher.name(), matcher);
        }
    }

    /** {@code | drop a, b="v", c=~"re"}. */
    record Drop(List<NamedMatcher> labels, Position pos) implements StageExpr {
        public Drop {
            labels = List.copyOf(labels);
        }
    }

    /** {@code | keep a, b="v"}. */
    record Keep(List<NamedMatcher> labels, Position pos) implements StageExpr {
        public Keep {
            labels = List.copyOf(labels);
        }
    }
}
