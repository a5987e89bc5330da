/**
 * Per-subject data keys for ENCRYPT: the global store over {@code mesh.keys} (in memory: the topic is the only copy),
 * the bounded cache of unwrapped keys each instance keeps, evicted on a tombstone, and each task's resolver that
 * finds a subject's oldest live key or creates one in the transaction of the first record it protects.
 * {@link dev.meshbone.governance.keys.DataKeyCache} is thread-safe (stream threads and the global thread share it);
 * {@link dev.meshbone.governance.keys.SubjectKeys} belongs to one task's processor.
 */
package dev.meshbone.governance.keys;
