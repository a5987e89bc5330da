/**
 * Internal, do not import: decryption of ENCRYPT fields for consumers with key access. {@code KeyRing} keeps the
 * wrapped data keys of {@code mesh.keys} in memory (nothing on disk) and a bounded cache of unwrapped ones;
 * {@code RecordDecryptor} opens the tokens of a record in place. Both belong to one consumer's thread.
 */
package dev.meshbone.sdk.internal.keys;
