package dev.sigyn.logql.pipeline;

import java.util.Set;

/**
 * {@code | logfmt [--strict] [--keep-empty]}: every {@code key=value} pair becomes a label (names sanitised,
 * {@code _extracted} on a clash with the stream). Malformed pairs are skipped; with {@code --strict} parsing stops
 * at the first one and the line gets {@code __error__=LogfmtParserErr}. Empty values (and bare keys) are kept only
 * with {@code --keep-empty}.
 */
final class LogfmtParser implements Stage {
    private final boolean strict;
    private final boolean keepEmpty;
    private final Set<String> needed;
    private final LogfmtDecoder decoder = new LogfmtDecoder();
    private final KeyCache<ExtractedName> names;
    private final NeededKeyFilter neededKeys;

    LogfmtParser(boolean strict, boolean keepEmpty, Set<String> needed) {
        this.strict = strict;
        this.keepEmpty = keepEmpty;
        this.needed = needed;
        this.neededKeys = new NeededKeyFilter(needed);
        this.names = new KeyCache<>((buf, from, to) -> ExtractedName.of(NameCache.SANITIZED.name(buf, from, to), needed));
    }

    @Override
    public boolean process(long timestampNanos, LineBuffer line, LabelsBuilder labels) {
        if (needed != null && needed.isEmpty()) return true;
        decoder.reset(line.bytes(), line.length());
        while (!decoder.endOfLine()) {
            if (!decoder.next()) {
                if (strict) break;
                continue;
            }
            byte[] bytes = line.bytes();
            if (!neededKeys.mayBeNeeded(bytes, decoder.keyStart, decoder.keyEnd, decoder.keyAscii)) continue;
            String name = names.get(bytes, decoder.keyStart, decoder.keyEnd).resolve(labels);
            if (name == null) continue;
            String value = decoder.value(true);
            if (!keepEmpty && value.isEmpty()) continue;
            labels.set(name, value);
        }
        if (strict && decoder.error() != null) labels.setError(ErrorNames.LOGFMT_PARSER, decoder.error());
        return true;
    }
}
