/** Ops commands that work against any mesh: read the catalog, violations and quarantine, replay, check contracts. */
package dev.meshbone.cli.ops;
