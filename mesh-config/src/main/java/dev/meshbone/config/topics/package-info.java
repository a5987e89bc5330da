/**
 * The one definition of every mesh topic ({@link dev.meshbone.config.topics.MeshTopicDefinitions}) and the one
 * provisioner that creates them ({@link dev.meshbone.config.topics.TopicProvisioner}), used by the SDK, governance,
 * the catalog and the CLI.
 */
package dev.meshbone.config.topics;
