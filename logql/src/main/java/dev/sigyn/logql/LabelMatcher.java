package dev.sigyn.logql;

import com.google.re2j.Pattern;
import dev.sigyn.format.Quoting;

/**
 * One matcher of a stream selector, such as {@code app=~"web|api"}. Regexes are RE2 and fully anchored, as in
 * Loki; a label that a stream lacks matches as the empty string.
 */
public record LabelMatcher(String name, Type type, String value, Pattern regex) {

    public enum Type {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");
        public final String symbol;
        Type(String symbol) { this.symbol = symbol; }
    }

    /** Builds a matcher; throws com.google.re2j.PatternSyntaxException for a bad or too large regex. */
    public static LabelMatcher of(String name, Type type, String value) {
        boolean isRegex = type == Type.RE || type == Type.NRE;
        Pattern p = isRegex ? UserRegex.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
        return new LabelMatcher(name, type, value, p);
    }

    public boolean matches(String v) {
        if (v == null) v = "";
        return switch (type) {
            case EQ -> value.equals(v);
            case NEQ -> !value.equals(v);
            case RE -> regex.matches(v);
            case NRE -> !regex.matches(v);
        };
    }

    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** True when this matcher accepts a stream that lacks the label; Loki requires at least one matcher that does not. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type.hashCode()) * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(type.symbol);
        Quoting.quote(sb, value);
        return sb.toString();
    }
}
