package dev.sigyn.logql.pipeline;

import java.util.List;

/**
 * {@code | logfmt [--strict] name="key", ...}: extracts only the given keys under the given names; a key that is
 * missing gives an empty label. With {@code --strict} a malformed pair stops parsing and sets
 * {@code __error__=LogfmtParserErr}.
 */
final class LogfmtExpressionParser implements Stage {
    private final String[] labelNames;
    private final String[] keys;
    private final boolean strict;
    private final LogfmtDecoder decoder = new LogfmtDecoder();
    private final NameCache names = new NameCache();

    LogfmtExpressionParser(List<Extraction> extractions, boolean strict) {
        if (extractions.isEmpty()) throw new IllegalArgumentException("no logfmt expression provided");
        labelNames = new String[extractions.size()];
        keys = new String[extractions.size()];
        for (int i = 0; i < extractions.size(); i++) {
            Extraction e = extractions.get(i);
            if (!LabelNames.isValid(e.label())) {
                throw new IllegalArgumentException("invalid extracted label name '" + e.label() + "'");
            }
            String key = e.expression().strip();
            if (key.isEmpty()) throw new IllegalArgumentException("cannot parse expression [" + e.expression() + "]");
            labelNames[i] = e.label();
            keys[i] = key;
        }
        this.strict = strict;
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        for (String name : labelNames) {
            if (!labels.streamHas(name)) labels.set(name, "");
        }
        decoder.reset(line.bytes(), line.length());
        while (!decoder.endOfLine()) {
            if (!decoder.next()) {
                if (strict) break;
                continue;
            }
            String key = names.get(line.bytes(), decoder.keyStart, decoder.keyEnd, NameCache.SANITIZED);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) labels.set(LabelNames.deduplicate(labelNames[i], labels), decoder.value(true));
            }
        }
        if (strict && decoder.error() != null) labels.setError(ErrorNames.LOGFMT_PARSER, decoder.error());
        return true;
    }
}
