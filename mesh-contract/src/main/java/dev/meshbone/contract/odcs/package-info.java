/** Reads Open Data Contract Standard v3 YAML into a contract draft, every problem with its YAML path. */
package dev.meshbone.contract.odcs;
