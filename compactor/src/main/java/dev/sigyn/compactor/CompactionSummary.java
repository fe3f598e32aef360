package dev.sigyn.compactor;

/**
 * What one compaction pass did.
 *
 * @param indexFilesMerged    index files read and replaced by merged ones (or removed when nothing was left)
 * @param indexFilesWritten   merged index files written
 * @param chunksExpired       chunks removed from the index by retention
 * @param chunksDeleted       chunks removed from the index because delete requests covered all their lines
 * @param chunksRewritten     chunks replaced by a copy without the lines delete requests covered
 * @param chunkObjectsDeleted chunk objects deleted from the bucket in this pass (including ones delayed by
 *                            {@code retention_delete_delay} from earlier passes)
 * @param deleteRequestsProcessed delete requests that became {@code processed}
 * @param failedTenants       tenants for which some period could not be compacted (retried on the next pass)
 */
public record CompactionSummary(int tenants, int indexFilesMerged, int indexFilesWritten, int chunksExpired,
                                int chunksDeleted, int chunksRewritten, int chunkObjectsDeleted,
                                int deleteRequestsProcessed, int failedTenants) {
}
