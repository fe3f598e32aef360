package dev.sigyn.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the effective configuration from Loki-style command-line arguments: Sigyn's defaults, then the YAML file of
 * {@code -config.file} (with {@code ${VAR}} references replaced first when {@code -config.expand-env=true}), then the
 * flags, which win over the file.
 */
public final class ConfigLoader {

    /** The configuration to run with, and warnings for the log (Loki keys that Sigyn ignores). */
    public record LoadedConfig(SigynConfig config, List<String> warnings) {
        public LoadedConfig {
            warnings = List.copyOf(warnings);
        }
    }

    private ConfigLoader() {}

    /** Loads with the process environment. */
    public static LoadedConfig load(String[] args) throws ConfigException {
        return load(args, System::getenv);
    }

    /** Loads with {@code env} as the environment for {@code -config.expand-env} (variable name to value, or null). */
    public static LoadedConfig load(String[] args, Function<String, String> env) throws ConfigException {
        CommandLine commandLine = CommandLine.parse(args);
        Map<String, Object> values = Settings.valuesOf(SigynConfig.defaults());
        List<String> warnings = new ArrayList<>();
        if (commandLine.configFile() != null) {
            String text = readFile(commandLine.configFile());
            if (commandLine.expandEnv()) text = new EnvExpander(env).expand(text);
            YamlSettingsReader.Result file = YamlSettingsReader.read(text, commandLine.configFile());
            values.putAll(file.values());
            warnings.addAll(file.warnings());
        }
        values.putAll(commandLine.overrides());
        return new LoadedConfig(Settings.build(values), warnings);
    }

    private static String readFile(String path) throws ConfigException {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e, e);
        }
    }
}
