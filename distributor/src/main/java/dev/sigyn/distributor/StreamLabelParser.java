package dev.sigyn.distributor;

import dev.sigyn.format.Quoting;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;
import dev.sigyn.logql.syntax.ParseException;
import dev.sigyn.logql.syntax.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the label text of each received stream. As in Loki, one unparseable stream refuses the whole push (400
 * {@code couldn't parse labels: ...}), even a stream without entries, since the client sent a malformed request.
 */
final class StreamLabelParser {
    private StreamLabelParser() {}

    static List<ParsedStream> parseAll(List<ReceivedStream> streams) throws PushRejection {
        List<ParsedStream> parsed = new ArrayList<>(streams.size());
        for (ReceivedStream s : streams) parsed.add(parse(s));
        return parsed;
    }

    static ParsedStream parse(ReceivedStream stream) throws PushRejection {
        List<Label> pairs;
        try {
            pairs = Parser.parseLabelPairs(stream.labels());
        } catch (ParseException e) {
            throw PushRejection.badRequest("couldn't parse labels: " + e.getMessage());
        }
        List<Label> kept = new ArrayList<>(pairs.size());
        for (Label l : pairs) {
            // An empty value is the same as an absent label (Prometheus semantics); keeping it would change the
            // stream's identity.
            if (!l.value().isEmpty()) kept.add(l);
        }
        kept.sort(null);
        return new ParsedStream(kept, text(kept), stream.entries());
    }

    /** Loki's {@code {a="b", c="d"}}; unlike {@link Labels#toString()} it keeps duplicate names. */
    static String text(List<Label> sortedPairs) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < sortedPairs.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(sortedPairs.get(i).name()).append('=');
            Quoting.quote(sb, sortedPairs.get(i).value());
        }
        return sb.append('}').toString();
    }
}
