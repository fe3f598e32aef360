/**
 * Rule groups as Prometheus' rule files hold them: the model ({@link dev.sigyn.ruler.rules.RuleGroup},
 * {@link dev.sigyn.ruler.rules.Rule}), reading and writing the YAML, and the checks Loki makes on upload.
 */
package dev.sigyn.ruler.rules;
