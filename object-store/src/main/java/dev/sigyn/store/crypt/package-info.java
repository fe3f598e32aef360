/**
 * Encryption at rest: {@link dev.sigyn.store.crypt.EncryptingBlobStore} seals every object in an AES-GCM envelope
 * (a fresh data key per object, wrapped by the configured key-encryption key) and opens it on read. Key rotation,
 * the byte layout and what is not encrypted are in docs/security.md and docs/storage-format.md.
 */
package dev.sigyn.store.crypt;
