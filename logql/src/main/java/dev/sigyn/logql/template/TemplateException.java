package dev.sigyn.logql.template;

/** A template that cannot be parsed; the message follows Go's text/template wording. */
public class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message, null, false, false);
    }
}
