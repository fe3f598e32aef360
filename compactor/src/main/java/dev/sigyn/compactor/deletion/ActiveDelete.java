package dev.sigyn.compactor.deletion;

/** A stored delete request with its query compiled, as queries and the compactor apply it. */
public record ActiveDelete(DeleteRequest request, DeleteQuery query) {
}
