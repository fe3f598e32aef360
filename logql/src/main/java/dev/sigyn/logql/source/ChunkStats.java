package dev.sigyn.logql.source;

/**
 * What a chunk's metadata says about it, without reading its lines: its first and last timestamps, its entry count
 * and the bytes of its lines (uncompressed, as {@code index/stats} and {@code index/volume} count them).
 */
public record ChunkStats(long fromNanos, long throughNanos, long entries, long lineBytes) {

    /** Whether the chunk's span meets [fromNanos, throughNanos] (both inclusive). */
    public boolean overlaps(long fromNanos, long throughNanos) {
        return this.fromNanos <= throughNanos && this.throughNanos >= fromNanos;
    }

    /**
     * The part of this chunk's time span inside [fromNanos, throughNanos] (both inclusive), from 0 to 1: the share
     * of its entries and bytes counted for that range. The index knows no more than the span, so entries are taken
     * to be spread evenly over it, as Loki does; a chunk whose entries share one timestamp is all in or all out.
     */
    public double share(long fromNanos, long throughNanos) {
        if (!overlaps(fromNanos, throughNanos)) return 0;
        if (this.fromNanos == this.throughNanos) return 1;
        long inside = Math.min(throughNanos, this.throughNanos) - Math.max(fromNanos, this.fromNanos);
        return (double) inside / (this.throughNanos - this.fromNanos);
    }
}
