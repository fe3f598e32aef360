package dev.sigyn.distributor;

/**
 * A received push body and the headers that say how to read it.
 *
 * @param legacyPath true for {@code /api/prom/push}, whose JSON form is the older one
 * @param bytes      the body in {@code bytes[0..length)}
 */
record PushBody(String contentType, String contentEncoding, boolean legacyPath, byte[] bytes, int length) {
}
