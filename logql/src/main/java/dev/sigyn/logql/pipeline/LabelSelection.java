package dev.sigyn.logql.pipeline;

import dev.sigyn.logql.LabelMatcher;

/** One argument of {@code drop}/{@code keep}: a bare label name, or a matcher such as {@code level="debug"}. */
public record LabelSelection(String name, LabelMatcher matcher) {

    public static LabelSelection name(String name) {
        return new LabelSelection(name, null);
    }

    public static LabelSelection matching(LabelMatcher matcher) {
        return new LabelSelection(matcher.name(), matcher);
    }
}
