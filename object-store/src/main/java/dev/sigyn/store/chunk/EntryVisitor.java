package dev.sigyn.store.chunk;

import dev.sigyn.logql.Labels;

/** Receives decoded entries. The line bytes {@code buf[off, off+len)} are only valid during the call. */
@FunctionalInterface
public interface EntryVisitor {
    void visit(long timestampNanos, byte[] buf, int off, int len, Labels structuredMetadata);
}
