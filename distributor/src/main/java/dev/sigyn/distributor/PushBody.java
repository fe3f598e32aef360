package dev.sigyn.distributor;

/**
 * A received push body, the headers that say how to read it, and the push's share of the in-flight bytes, which
 * holds the body and grows with what decoding builds from it.
 *
 * @param legacyPath true for {@code /api/prom/push}, whose JSON form is the older one
 * @param bytes      the body in {@code bytes[0..length)}
 */
record PushBody(String contentType, String contentEncoding, boolean legacyPath, byte[] bytes, int length,
                InflightBytes.Lease inflight) {
}
