package dev.sigyn.logql.pipeline;

/** The values of {@code __error__} that stages set, as in Loki. */
public final class ErrorNames {
    public static final String JSON_PARSER = "JSONParserErr";
    public static final String LOGFMT_PARSER = "LogfmtParserErr";
    public static final String LABEL_FILTER = "LabelFilterErr";
    public static final String TEMPLATE_FORMAT = "TemplateFormatErr";
    public static final String SAMPLE_EXTRACTION = "SampleExtractionErr";

    private ErrorNames() {
    }
}
