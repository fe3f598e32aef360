/**
 * LogQL's log pipeline: the stages after a stream selector ({@code | json}, {@code | logfmt}, {@code | pattern},
 * {@code | regexp}, {@code | unpack}, label filters, {@code line_format}, {@code label_format}, {@code drop},
 * {@code keep}, {@code decolorize}, line filters) with Loki's semantics, and the sample extractors of metric queries.
 *
 * <p>A {@link dev.sigyn.logql.pipeline.Pipeline} is built once per query from
 * {@link dev.sigyn.logql.pipeline.Stages} and {@link dev.sigyn.logql.pipeline.LabelFilter}, then bound to each
 * stream ({@link dev.sigyn.logql.pipeline.Pipeline#forStream}); per line it works on UTF-8 bytes and one reusable
 * {@link dev.sigyn.logql.pipeline.LabelsBuilder}. Pipelines and stages keep scratch state: one thread at a time.
 */
package dev.sigyn.logql.pipeline;
