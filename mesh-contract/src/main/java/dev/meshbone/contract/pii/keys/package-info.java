/**
 * Crypto-shredding, in plain JCA (no Kafka): each data subject's ENCRYPTed values are under that subject's own data
 * key ({@link dev.meshbone.contract.pii.keys.DataKey}, AES-256-GCM, {@link dev.meshbone.contract.pii.keys.SubjectCipher}
 * tokens {@code enc:v2:<keyId>:<version>:...}); data keys are kept wrapped by a key-encryption key from a
 * {@link dev.meshbone.contract.pii.keys.KeyEncryptionKeys} provider, under the subject's keyed hash
 * ({@link dev.meshbone.contract.pii.keys.SubjectHasher}), never the subject id. Deleting a subject's data keys makes
 * their values unreadable everywhere. Every class here is immutable or thread-safe, as its Javadoc says.
 */
package dev.meshbone.contract.pii.keys;
