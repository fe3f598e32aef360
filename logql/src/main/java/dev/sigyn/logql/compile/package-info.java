/**
 * From the LogQL AST to runnable pipelines: {@link dev.sigyn.logql.compile.PipelineCompiler} turns a
 * {@link dev.sigyn.logql.syntax.LogSelectorExpr} into a {@link dev.sigyn.logql.pipeline.Pipeline};
 * {@link dev.sigyn.logql.compile.SampleExtractors} turns a range aggregation into a
 * {@link dev.sigyn.logql.pipeline.SampleExtractor} and the {@link dev.sigyn.logql.compile.SeriesLabels} that give
 * each sample its series, with Loki 2.9's rules for parser hints and grouping. Pure computation, no I/O.
 */
package dev.sigyn.logql.compile;
