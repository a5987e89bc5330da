/**
 * The projector's settings: each one defined once ({@link dev.meshbone.catalog.config.CatalogSetting}) and read
 * from a properties file with environment overrides into one immutable, validated {@link dev.meshbone.catalog.config.CatalogConfig}.
 */
package dev.meshbone.catalog.config;
