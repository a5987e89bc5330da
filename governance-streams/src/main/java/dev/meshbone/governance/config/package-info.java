/**
 * The governance app's settings: defined once in {@link dev.meshbone.governance.config.GovernanceSettings} on the
 * shared mechanism of {@code dev.meshbone.config}, read from a properties file and {@code MESHBONE_*} variables into
 * one immutable, validated {@link dev.meshbone.governance.config.GovernanceConfig}.
 */
package dev.meshbone.governance.config;
