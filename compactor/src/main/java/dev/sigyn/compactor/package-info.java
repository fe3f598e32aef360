/**
 * The compactor tidies the object store: it merges the index files of each tenant and period into one
 * ({@link dev.sigyn.compactor.Compactor}), applies retention ({@link dev.sigyn.compactor.RetentionRules}), and
 * processes delete requests ({@link dev.sigyn.compactor.deletion}), whose lines queries stop returning at once
 * ({@link dev.sigyn.compactor.deletion.DeleteFilteringLogSource}). See docs/compaction.md.
 */
package dev.sigyn.compactor;
