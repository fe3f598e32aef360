package dev.sigyn.config;

import dev.sigyn.format.Quoting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loki-style command-line flags, read the way Go's {@code flag} package reads them: {@code -name=value},
 * {@code --name=value}, {@code -name value} and, for booleans only, a bare {@code -name} meaning true.
 *
 * @param configFile {@code -config.file}, or null when absent
 * @param expandEnv  {@code -config.expand-env}
 * @param overrides  setting values given as flags, by YAML path; applied over the file
 */
record CommandLine(String configFile, boolean expandEnv, Map<String, Object> overrides) {
    private static final String CONFIG_FILE = "config.file";
    private static final String EXPAND_ENV = "config.expand-env";

    static CommandLine parse(String[] args) throws ConfigException {
        String configFile = null;
        boolean expandEnv = false;
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                if (i + 1 < args.length) throw new ConfigException("unexpected argument " + Quoting.quote(args[i + 1]));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                throw new ConfigException("unexpected argument " + Quoting.quote(arg) + " (flags look like -name=value)");
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
                throw new ConfigException("bad flag syntax: " + arg);
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String inlineValue = eq < 0 ? null : body.substring(eq + 1);
            boolean isBoolean = name.equals(EXPAND_ENV)
                    || Settings.byFlag(name).map(s -> s.kind().isBoolean()).orElse(false);
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else if (isBoolean) {
                value = "true";
            } else if (i + 1 < args.length && isKnown(name)) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case CONFIG_FILE -> configFile = required(name, value);
                case EXPAND_ENV -> expandEnv = (Boolean) parseValue(name, ValueKind.BOOLEAN::parse, value);
                default -> {
                    Setting setting = Settings.byFlag(name).orElseThrow(() -> unknownFlag(name));
                    overrides.put(setting.path(), parseValue(name, setting::parse, required(name, value)));
                }
            }
        }
        return new CommandLine(configFile, expandEnv, Map.copyOf(overrides));
    }

    /** Every flag name Sigyn takes, for messages and docs ({@link FlagUsage} handles help and version). */
    static List<String> flagNames() {
        List<String> names = new ArrayList<>(List.of(CONFIG_FILE, EXPAND_ENV, "help", "version"));
        Settings.ALL.forEach(s -> names.add(s.flag()));
        return names;
    }

    private static boolean isKnown(String name) {
        return name.equals(CONFIG_FILE) || name.equals(EXPAND_ENV) || Settings.byFlag(name).isPresent();
    }

    private static String required(String name, String value) throws ConfigException {
        if (value == null) throw new ConfigException("flag needs an argument: -" + name);
        return value;
    }

    private static Object parseValue(String name, Function<String, Object> parser, String value)
            throws ConfigException {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("flag -" + name + ": invalid value " + Quoting.quote(value) + ": " + e.getMessage());
        }
    }

    private static ConfigException unknownFlag(String name) {
        String normalised = name.toLowerCase(Locale.ROOT).replace('_', '-');
        Optional<String> closest = flagNames().stream()
                .min(Comparator.comparingInt(f -> KnownKeys.editDistance(normalised, f)))
                .filter(f -> KnownKeys.editDistance(normalised, f) <= KnownKeys.nearMissDistance(normalised));
        return new ConfigException("unknown flag -" + name + closest.map(f -> " (did you mean -" + f + "?)").orElse(""));
    }
}
