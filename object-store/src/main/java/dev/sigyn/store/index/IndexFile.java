package dev.sigyn.store.index;

import dev.sigyn.logql.LabelMatcher;

import java.io.IOException;
import java.util.List;

/**
 * An immutable index of one tenant for one period (24 h, see {@link ObjectKeys#period}): sorted label names, sorted
 * values, postings lists of series ids, and per series its labels, fingerprint and chunk refs. See docs/formats.md.
 */
public final class IndexFile {

    public IndexFile(String tenant, long period, List<SeriesChunks> series) {
        throw new UnsupportedOperationException("TODO");
    }

    public String tenant() { throw new UnsupportedOperationException("TODO"); }
    public long period() { throw new UnsupportedOperationException("TODO"); }
    public List<SeriesChunks> series() { throw new UnsupportedOperationException("TODO"); }

    /** Series whose labels match every matcher (via postings for = and =~ matchers), with chunks overlapping [fromNanos, throughNanos]. */
    public List<SeriesChunks> select(List<LabelMatcher> matchers, long fromNanos, long throughNanos) {
        throw new UnsupportedOperationException("TODO");
    }

    public byte[] encode() { throw new UnsupportedOperationException("TODO"); }

    /** Parses a stored index file; throws IOException on a bad magic, version or checksum. */
    public static IndexFile decode(byte[] data) throws IOException { throw new UnsupportedOperationException("TODO"); }
}
