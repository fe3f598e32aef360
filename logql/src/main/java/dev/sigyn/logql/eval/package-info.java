/**
 * Evaluation of whole LogQL metric queries: turns a parsed {@link dev.sigyn.logql.syntax.SampleExpr} into the
 * {@link dev.sigyn.logql.engine} evaluators, reads the log lines it needs through a
 * {@link dev.sigyn.logql.eval.SampleData} and assembles Loki's result (matrix, vector or scalar). No Vert.x here.
 */
package dev.sigyn.logql.eval;
