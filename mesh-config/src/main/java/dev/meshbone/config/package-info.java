/** One settings mechanism for every Meshbone app, the SDK and the CLI, on Kafka's ConfigDef. */
package dev.meshbone.config;
