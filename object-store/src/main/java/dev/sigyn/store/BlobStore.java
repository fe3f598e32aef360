package dev.sigyn.store;

import java.io.IOException;
import java.util.List;

/**
 * Object storage as Sigyn uses it: immutable blobs under slash-separated keys. Implementations: filesystem
 * (single binary default), in-memory (tests), S3 (later). Every call may block: never call on an event loop.
 */
public interface BlobStore {

    /** The whole object; throws {@link java.nio.file.NoSuchFileException} when there is none under the key. */
    byte[] get(String key) throws IOException;

    /** Writes an object atomically: readers see the old object, or none, or the whole new one. */
    void put(String key, byte[] data) throws IOException;

    /** Keys that start with the prefix, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Removes the object; no error when it does not exist. */
    void delete(String key) throws IOException;
}
