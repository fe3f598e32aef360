package dev.sigyn.logql.template;

import dev.sigyn.format.Quoting;

import static dev.sigyn.logql.template.TemplateFunction.Param.ANY;
import static dev.sigyn.logql.template.TemplateFunction.Param.STRING;
import static dev.sigyn.logql.template.TemplateFunction.of;
import static dev.sigyn.logql.template.TemplateFunction.variadic;

import java.util.List;
import java.util.Map;

/** Go text/template's predefined functions (and, or, not, len, index, slice, print*, eq…ge, html, js, urlquery). */
final class BuiltinFunctions {
    private BuiltinFunctions() {}

    private static final TemplateFunction AND = variadic("and", (c, a) -> null, ANY, ANY);
    private static final TemplateFunction OR = variadic("or", (c, a) -> null, ANY, ANY);

    /** and/or evaluate their arguments lazily, so the executor runs them itself. */
    static boolean isShortCircuit(TemplateFunction fn) {
        return fn == AND || fn == OR;
    }

    static List<TemplateFunction> all() {
        return List.of(
                AND, OR,
                of("not", (c, a) -> !GoValues.isTrue(a[0]), ANY),
                of("len", (c, a) -> GoValues.length(a[0]), ANY),
                variadic("index", (c, a) -> index(a), ANY, ANY),
                variadic("slice", (c, a) -> slice(a), ANY, ANY),
                variadic("print", (c, a) -> GoValues.sprint(a, max(c)), ANY),
                variadic("println", (c, a) -> GoValues.sprintln(a, max(c)), ANY),
                variadic("printf", (c, a) -> GoFormatter.sprintf((String) a[0], rest(a), max(c)), STRING, ANY),
                variadic("eq", (c, a) -> eq(a), ANY, ANY),
                of("ne", (c, a) -> !GoValues.eq(a[0], a[1]), ANY, ANY),
                of("lt", (c, a) -> GoValues.lt(a[0], a[1]), ANY, ANY),
                of("le", (c, a) -> GoValues.lt(a[0], a[1]) || GoValues.eq(a[0], a[1]), ANY, ANY),
                of("gt", (c, a) -> !GoValues.lt(a[0], a[1]) && !GoValues.eq(a[0], a[1]), ANY, ANY),
                of("ge", (c, a) -> !GoValues.lt(a[0], a[1]), ANY, ANY),
                variadic("html", (c, a) -> html(GoValues.sprint(a, max(c)), max(c)), ANY),
                variadic("js", (c, a) -> js(GoValues.sprint(a, max(c)), max(c)), ANY),
                variadic("urlquery", (c, a) -> StringFunctions.queryEscape(GoValues.sprint(a, max(c)), max(c)), ANY));
    }

    /** The longest value a function may build for the current line. */
    private static long max(TemplateContext c) {
        return TemplateLimits.maxLength(c);
    }

    private static Object[] rest(Object[] a) {
        Object[] r = new Object[a.length - 1];
        System.arraycopy(a, 1, r, 0, r.length);
        return r;
    }

    private static boolean eq(Object[] a) {
        if (a.length < 2) throw new GoError("missing argument for comparison");
        for (int i = 1; i < a.length; i++) {
            if (GoValues.eq(a[0], a[i])) return true;
        }
        return false;
    }

    private static Object index(Object[] a) {
        Object item = a[0];
        if (item == null) throw new GoError("index of untyped nil");
        for (int i = 1; i < a.length; i++) {
            Object key = a[i];
            switch (item) {
                case List<?> list -> item = list.get(indexArg(key, list.size()));
                case String s -> {
                    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    item = (long) (bytes[indexArg(key, bytes.length)] & 0xff);
                }
                case LabelsValue labels -> {
                    if (!(key instanceof String k)) throw new GoError("value has type " + GoValues.typeName(key) + "; should be string");
                    item = labels.get(k);
                }
                case Map<?, ?> map -> {
                    if (!(key instanceof String k)) throw new GoError("value has type " + GoValues.typeName(key) + "; should be string");
                    item = map.get(k);
                }
                case null -> throw new GoError("index of untyped nil");
                default -> throw new GoError("can't index item of type " + GoValues.typeName(item));
            }
        }
        return item;
    }

    private static int indexArg(Object key, int cap) {
        if (!(key instanceof Long l)) throw new GoError("cannot index slice/array with type " + GoValues.typeName(key));
        if (l < 0 || l >= cap) throw new GoError("index out of range: " + l);
        return (int) (long) l;
    }

    private static Object slice(Object[] a) {
        Object item = a[0];
        int len = switch (item) {
            case String s -> s.length();
            case List<?> l -> l.size();
            case null -> throw new GoError("slice of untyped nil");
            default -> throw new GoError("can't slice item of type " + GoValues.typeName(item));
        };
        if (a.length > 4) throw new GoError("too many slice indexes: " + (a.length - 1));
        if (a.length == 4 && item instanceof String) throw new GoError("cannot 3-index slice a string");
        int[] idx = {0, len, len};
        for (int i = 1; i < a.length; i++) {
            if (!(a[i] instanceof Long l)) throw new GoError("cannot index slice/array with type " + GoValues.typeName(a[i]));
            if (l < 0 || l > len) throw new GoError("index out of range: " + l);
            idx[i - 1] = (int) (long) l;
        }
        if (idx[0] > idx[1]) throw new GoError("invalid slice index: " + idx[0] + " > " + idx[1]);
        return item instanceof String s ? s.substring(idx[0], idx[1]) : List.copyOf(((List<?>) item).subList(idx[0], idx[1]));
    }

    /** Go's HTMLEscapeString; an escape takes up to five characters, so the result is checked as it grows. */
    static String html(String s, long maxLength) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            TemplateLimits.require(b.length(), maxLength);
            char c = s.charAt(i);
            switch (c) {
                case 0 -> b.append('\uFFFD');
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Go's JSEscapeString; an escape takes up to seven characters, so the result is checked as it grows. */
    static String js(String s, long maxLength) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            TemplateLimits.require(b.length(), maxLength);
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                case '<' -> b.append("\\u003C");
                case '>' -> b.append("\\u003E");
                case '&' -> b.append("\\u0026");
                case '=' -> b.append("\\u003D");
                default -> {
                    if (c < ' ' || (c >= 0x80 && !Quoting.isPrint(c))) {
                        String h = Integer.toHexString(c).toUpperCase();
                        b.append("\\u").append("0".repeat(Math.max(0, 4 - h.length()))).append(h);
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
