/**
 * The catalog as the HTTP API speaks it: small DTO records mapped from catalog entries, and the list filters.
 * Avro classes end here; nothing past this package sees them.
 */
package dev.meshbone.catalog.api;
