package dev.sigyn.config;

/** The configuration (file or flags) cannot be used; the message says what is wrong and where. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
