package dev.sigyn.logql.template;

import dev.sigyn.format.GoTime;

import dev.sigyn.format.GoFloats;
import dev.sigyn.logql.Utf8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How Go sees our runtime values: null is nil, String, Long (every integer kind), Double (float64), Boolean,
 * List (a slice), Map with String keys, {@link LabelsValue} (map[string]string) and {@link GoTime}.
 * Type names, truthiness, fmt's default printing and the comparisons of the eq/lt built-ins live here.
 */
final class GoValues {
    private GoValues() {}

    static String typeName(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case String s -> "string";
            case Long l -> "int";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case List<?> l -> "[]interface {}";
            case LabelsValue l -> "map[string]string";
            case Map<?, ?> m -> "map[string]interface {}";
            case GoTime t -> "time.Time";
            default -> v.getClass().getSimpleName();
        };
    }

    /** Go's truth for if/with/and/or/not: zero values and empty collections are false. */
    static boolean isTrue(Object v) {
        return switch (v) {
            case null -> false;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0;
            case Boolean b -> b;
            case List<?> l -> !l.isEmpty();
            case LabelsValue l -> !l.asMap().isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true; // structs such as time.Time are always true
        };
    }

    /** fmt.Sprint of one value (%v). */
    static String toText(Object v) {
        switch (v) {
            case String s -> { return s; }
            case Long l -> { return Long.toString(l); }
            case Double d -> { return GoFloats.formatG(d, -1, 'e'); }
            case Boolean bool -> { return bool.toString(); }
            case null, default -> { }
        }
        StringBuilder b = new StringBuilder();
        append(b, v);
        return b.toString();
    }

    static void append(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("<nil>");
            case String s -> b.append(s);
            case Long l -> b.append(l.longValue());
            case Double d -> b.append(GoFloats.formatG(d, -1, 'e'));
            case Boolean bool -> b.append(bool.booleanValue());
            case List<?> list -> {
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) b.append(' ');
                    append(b, list.get(i));
                }
                b.append(']');
            }
            case LabelsValue labels -> appendMap(b, labels.asMap());
            case Map<?, ?> map -> appendMap(b, map);
            case GoTime t -> b.append(t);
            default -> b.append(v);
        }
    }

    private static void appendMap(StringBuilder b, Map<?, ?> map) {
        b.append("map[");
        boolean first = true;
        for (String key : sortedKeys(map)) {
            if (!first) b.append(' ');
            first = false;
            b.append(key).append(':');
            append(b, map.get(key));
        }
        b.append(']');
    }

    static List<String> sortedKeys(Map<?, ?> map) {
        List<String> keys = new ArrayList<>(map.size());
        for (Object k : map.keySet()) keys.add((String) k);
        Collections.sort(keys);
        return keys;
    }

    /**
     * fmt.Sprint: a space between operands when neither side is a string. Throws {@link TemplateLimits.Exceeded}
     * before the result grows past {@code maxLength}: a template may print the line thousands of times.
     */
    static String sprint(Object[] args, long maxLength) {
        StringBuilder b = new StringBuilder();
        boolean prevString = false;
        for (int i = 0; i < args.length; i++) {
            boolean isString = args[i] instanceof String;
            if (i > 0 && !isString && !prevString) b.append(' ');
            appendWithin(b, args[i], maxLength);
            prevString = isString;
        }
        return b.toString();
    }

    /** fmt.Sprintln: always spaces, then a newline; bounded like {@link #sprint}. */
    static String sprintln(Object[] args, long maxLength) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) b.append(' ');
            appendWithin(b, args[i], maxLength);
        }
        return b.append('\n').toString();
    }

    private static void appendWithin(StringBuilder b, Object v, long maxLength) {
        String text = v instanceof String s ? s : toText(v);
        TemplateLimits.require((long) b.length() + text.length(), maxLength);
        b.append(text);
    }

    /** The len built-in: bytes of a string, size of a slice or map. */
    static long length(Object v) {
        return switch (v) {
            case String s -> Utf8.length(s);
            case List<?> l -> l.size();
            case LabelsValue l -> l.asMap().size();
            case Map<?, ?> m -> m.size();
            case null -> throw new GoError("len of nil pointer");
            default -> throw new GoError("len of type " + typeName(v));
        };
    }

    private enum Kind { BOOL, INT, FLOAT, STRING, OTHER }

    private static Kind kind(Object v) {
        return switch (v) {
            case Boolean b -> Kind.BOOL;
            case Long l -> Kind.INT;
            case Double d -> Kind.FLOAT;
            case String s -> Kind.STRING;
            case null, default -> Kind.OTHER;
        };
    }

    /** The eq built-in for one pair. */
    static boolean eq(Object a, Object b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka != kb) {
            if (a != null && b != null) throw new GoError("incompatible types for comparison");
            return false;
        }
        if (ka != Kind.OTHER) return a.equals(b);
        if (a == null || b == null) return a == b;
        if (a instanceof GoTime || b instanceof GoTime) return a.equals(b);
        throw new GoError("non-comparable type " + toText(a) + ": " + typeName(a));
    }

    /** The lt built-in. */
    static boolean lt(Object a, Object b) {
        Kind ka = kind(a);
        Kind kb = kind(b);
        if (ka == Kind.BOOL || ka == Kind.OTHER || kb == Kind.BOOL || kb == Kind.OTHER) {
            throw new GoError("invalid type for comparison");
        }
        if (ka != kb) throw new GoError("incompatible types for comparison");
        return switch (ka) {
            case INT -> (Long) a < (Long) b;
            case FLOAT -> (Double) a < (Double) b;
            default -> ((String) a).compareTo((String) b) < 0;
        };
    }
}
