/**
 * Wiring: loads config, creates topics, starts Kafka Streams and the HTTP server, and stops both on shutdown.
 * {@link dev.meshbone.catalog.app.CatalogApp} is the main class; {@link dev.meshbone.catalog.app.CatalogService} embeds it.
 */
package dev.meshbone.catalog.app;
