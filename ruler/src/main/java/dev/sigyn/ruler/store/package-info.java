/**
 * Where rule groups are kept, per tenant and namespace: a local directory of rule files (read-only, as in Loki) or
 * the object store (read-write). Every call may block: never call on an event loop.
 */
package dev.sigyn.ruler.store;
