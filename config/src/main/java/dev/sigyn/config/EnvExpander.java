package dev.sigyn.config;

import java.util.function.Function;

/**
 * Replaces environment references in the configuration text before it is parsed ({@code -config.expand-env=true}),
 * as Loki does: {@code ${VAR}} (empty when unset), {@code ${VAR:-default}} (default when unset or empty),
 * {@code ${VAR-default}} (default when unset) and {@code ${VAR:?message}} (error when unset or empty).
 * Defaults may themselves contain references. A {@code $} not followed by {@code {} is left as it is.
 */
final class EnvExpander {
    private final Function<String, String> env;

    EnvExpander(Function<String, String> env) {
        this.env = env;
    }

    String expand(String text) throws ConfigException {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = closingBrace(text, start + 2);
            if (end < 0) throw new ConfigException("unterminated ${ at offset " + start + " of the config file");
            out.append(resolve(text.substring(start + 2, end)));
            i = end + 1;
        }
        return out.toString();
    }

    private String resolve(String reference) throws ConfigException {
        int nameEnd = 0;
        while (nameEnd < reference.length() && isNameChar(reference.charAt(nameEnd))) nameEnd++;
        String name = reference.substring(0, nameEnd);
        if (name.isEmpty()) throw new ConfigException("invalid environment reference ${" + reference + "}");
        String value = env.apply(name);
        String rest = reference.substring(nameEnd);
        if (rest.isEmpty()) return value == null ? "" : value;
        if (rest.startsWith(":-")) return isEmpty(value) ? expand(rest.substring(2)) : value;
        if (rest.startsWith("-")) return value == null ? expand(rest.substring(1)) : value;
        if (rest.startsWith(":?")) {
            if (!isEmpty(value)) return value;
            String message = rest.substring(2);
            throw new ConfigException("environment variable " + name + " is not set"
                    + (message.isEmpty() ? "" : ": " + expand(message)));
        }
        throw new ConfigException("invalid environment reference ${" + reference + "}");
    }

    /** Index of the brace closing a reference whose body starts at {@code from}, counting nested references. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && text.charAt(i - 1) == '$') depth++;
            else if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
