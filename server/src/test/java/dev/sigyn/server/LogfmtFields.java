package dev.sigyn.server;

import dev.sigyn.logql.Labels;
import dev.sigyn.logql.compile.PipelineCompiler;
import dev.sigyn.logql.pipeline.StreamPipeline;
import dev.sigyn.logql.syntax.LogSelectorExpr;
import dev.sigyn.logql.syntax.Parser;

import java.util.Map;

/** What LogQL's {@code | logfmt} reads from a line, as Sigyn and Loki answer {@code {job="sigyn"} | logfmt}. */
final class LogfmtFields {
    private LogfmtFields() {}

    /** The fields of {@code line}, with {@code __error__} among them when {@code | logfmt} could not read it. */
    static Map<String, String> of(String line) {
        StreamPipeline pipeline = PipelineCompiler.compile((LogSelectorExpr) Parser.parseExpr("{job=\"sigyn\"} | logfmt"))
                .forStream(Labels.of("job", "sigyn"));
        if (!pipeline.process(1, line, Labels.EMPTY)) throw new IllegalStateException("line dropped: " + line);
        Map<String, String> fields = new java.util.HashMap<>(pipeline.labels().labels().toMap());
        fields.remove("job");
        return fields;
    }
}
