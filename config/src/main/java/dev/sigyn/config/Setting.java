package dev.sigyn.config;

import java.util.Collection;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration setting Sigyn understands: its dotted YAML path (Loki's key names), its command-line flag
 * (Loki's flag name, without the dash), how its value is written, how to read it from a {@link SigynConfig}, and
 * which values are allowed beyond what {@link ValueKind} already checks.
 */
record Setting(String path, String flag, ValueKind kind, Function<SigynConfig, Object> read,
               Predicate<Object> allowed, String requirement) {

    Setting(String path, String flag, ValueKind kind, Function<SigynConfig, Object> read) {
        this(path, flag, kind, read, value -> true, "");
    }

    static Setting oneOf(String path, String flag, Function<SigynConfig, Object> read, Collection<String> values) {
        return new Setting(path, flag, ValueKind.STRING, read, values::contains,
                "must be one of " + String.join(", ", values));
    }

    /** The value of {@code text} for this setting; the exception message is the reason, without the setting's name. */
    Object parse(String text) {
        Object value = kind.parse(text);
        if (!allowed.test(value)) throw new IllegalArgumentException(requirement);
        return value;
    }

    /** The YAML key inside its block: {@code http_listen_port} for {@code server.http_listen_port}. */
    String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** The dotted path of the block holding this key, or "" at the top level. */
    String parent() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
