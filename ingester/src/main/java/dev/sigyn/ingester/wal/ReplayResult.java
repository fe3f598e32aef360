package dev.sigyn.ingester.wal;

/**
 * What replay found.
 *
 * @param nextSegment    number for the next segment to write
 * @param maxSeq         the highest seq seen; new records must use higher ones
 * @param restoredStreams streams read from the checkpoint
 * @param records        entry records read from segments
 * @param truncatedBytes bytes cut from a torn tail or moved aside after corruption
 * @param corrupted      true when replay stopped early at a damaged record or checkpoint
 */
public record ReplayResult(long nextSegment, long maxSeq, int restoredStreams, long records, long truncatedBytes,
                           boolean corrupted) {
}
