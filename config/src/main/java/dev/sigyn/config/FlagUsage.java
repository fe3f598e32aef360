package dev.sigyn.config;

import java.util.List;
import java.util.Map;

/**
 * What {@code sigyn -help} prints: every flag with the kind of value it takes, the YAML key it sets and its default,
 * from the same table that parses them, so the list cannot fall behind the flags. Also recognises the two requests
 * that print something and exit instead of starting the server, {@code -help} and {@code -version}.
 */
public final class FlagUsage {
    /** The spellings Go's flag package (and so Loki) takes as a request for help. */
    private static final List<String> HELP = List.of("-h", "--h", "-help", "--help");
    private static final List<String> VERSION = List.of("-version", "--version");

    private FlagUsage() {}

    public static boolean asksForHelp(String[] args) {
        return List.of(args).stream().anyMatch(HELP::contains);
    }

    public static boolean asksForVersion(String[] args) {
        return List.of(args).stream().anyMatch(VERSION::contains);
    }

    /** The usage text for {@code program} (how the user started it, e.g. {@code bin/sigyn}). */
    public static String text(String program) {
        StringBuilder out = new StringBuilder();
        out.append("Usage: ").append(program).append(" [flags]\n\n")
                .append("Starts Sigyn. Every setting can also be a key of the YAML file of -config.file; a flag wins\n")
                .append("over the file. Flags are written -name=value, --name=value or -name value; a boolean flag\n")
                .append("alone means true. docs/configuration.md describes each setting.\n\n");
        line(out, "-config.file", "string", "the YAML configuration file to read", "");
        line(out, "-config.expand-env", "", "replace ${VAR} references in the file before reading it", "false");
        line(out, "-help", "", "print this list and exit", "");
        line(out, "-version", "", "print the version, git revision and build date, and exit", "");
        Map<String, Object> defaults = Settings.valuesOf(SigynConfig.defaults());
        for (Setting s : Settings.ALL) {
            boolean yamlOnly = s.kind() == ValueKind.RETENTION_STREAMS || s.kind() == ValueKind.REDACTION_RULES
                    || s.kind() == ValueKind.CREDENTIALS;
            String meaning = yamlOnly ? s.path() + " (YAML file only)" : s.path();
            line(out, "-" + s.flag(), valueName(s.kind()), meaning, defaultText(s, defaults.get(s.path())));
        }
        return out.toString();
    }

    /** Two lines per flag, as Go's flag package prints them: the flag and its value kind, then what it sets. */
    private static void line(StringBuilder out, String flag, String valueName, String meaning, String defaultText) {
        out.append("  ").append(flag);
        if (!valueName.isEmpty()) out.append(' ').append(valueName);
        out.append("\n    \t").append(meaning);
        if (!defaultText.isEmpty()) out.append(" (default ").append(defaultText).append(')');
        out.append('\n');
    }

    /** Empty for an empty default, which Go's flag package leaves out too. */
    private static String defaultText(Setting s, Object value) {
        Object printed = s.kind().toYamlValue(value);
        String text = printed instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(printed);
        if (text.isEmpty()) return "";
        return valueName(s.kind()).equals("string") ? "\"" + text + "\"" : text;
    }

    /** Go's names for the kinds of value, and ours where Go has none that fits (byte sizes, lists). */
    private static String valueName(ValueKind kind) {
        return switch (kind) {
            case BOOLEAN -> "";
            case STRING, SECRET, SECRET_URL -> "string";
            case INT -> "int";
            case FLOAT -> "float";
            case SIZE, SIZE_INT -> "size";
            case DURATION, PROMETHEUS_DURATION -> "duration";
            case STRING_LIST, RETENTION_STREAMS, CREDENTIALS, REDACTION_RULES -> "list";
        };
    }
}
