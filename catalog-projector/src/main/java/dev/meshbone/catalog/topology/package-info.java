/**
 * The catalog's Kafka Streams topology: product descriptors, violations and stats folded into one
 * {@code CatalogEntry} per product on {@code mesh.catalog}, and that topic read back as a global store.
 */
package dev.meshbone.catalog.topology;
