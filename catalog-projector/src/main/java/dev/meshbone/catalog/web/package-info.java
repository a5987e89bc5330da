/**
 * The HTTP server: JSON API, Server-Sent Events of catalog changes, health, Prometheus metrics and the web page
 * served from {@code /web} on the classpath.
 */
package dev.meshbone.catalog.web;
