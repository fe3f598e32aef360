/**
 * Metric evaluation of LogQL: range aggregations over extracted samples, vector aggregations, binary operations,
 * label_replace, and the result types Loki answers with. Works on samples and label sets only; a compile step
 * elsewhere turns the AST into these evaluators. Semantics follow Loki (which reuses Prometheus' rules).
 */
package dev.sigyn.logql.engine;
