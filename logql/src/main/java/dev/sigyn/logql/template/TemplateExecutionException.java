package dev.sigyn.logql.template;

/** A template failed while rendering one line (Loki then sets {@code __error__="TemplateFormatErr"}). */
public final class TemplateExecutionException extends TemplateException {
    public TemplateExecutionException(String message) {
        super(message);
    }
}
