/**
 * The governance app's settings: each defined once (name, default, doc) in {@link
 * dev.meshbone.governance.config.GovernanceSettings}, read from a properties file with environment overrides.
 */
package dev.meshbone.governance.config;
