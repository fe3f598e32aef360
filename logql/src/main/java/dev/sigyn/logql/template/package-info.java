/**
 * Go text/template for LogQL's {@code line_format} and {@code label_format}: {@link dev.sigyn.logql.template.Template}
 * parses once and renders per line against a {@link dev.sigyn.logql.template.TemplateContext}, with Go's syntax,
 * printing and error messages, and the functions Loki exposes (its own and sprig's).
 */
package dev.sigyn.logql.template;
