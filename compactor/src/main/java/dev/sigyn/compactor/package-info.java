/**
 * The compactor tidies the object store: it will merge the per-ingester index files of each tenant and period into
 * one, apply retention, and process delete requests. Not built yet (see the object-storage issue); the module
 * exists so that the module graph already has its final shape.
 */
package dev.sigyn.compactor;
