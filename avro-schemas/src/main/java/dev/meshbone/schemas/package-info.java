/**
 * Avro schemas of the mesh: the generated event classes live in {@code dev.meshbone.events}; this package reads
 * what a schema declares about personal data ({@link dev.meshbone.schemas.PiiTags}) and loads bundled schemas.
 */
package dev.meshbone.schemas;
