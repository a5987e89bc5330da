/** The governance topology, built from config as a pure function: no I/O, tested with TopologyTestDriver. */
package dev.meshbone.governance.topology;
