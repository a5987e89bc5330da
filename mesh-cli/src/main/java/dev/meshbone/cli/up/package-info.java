/** {@code mesh up}: a real broker, registry, governance and catalog on this machine, with progress and clean stop. */
package dev.meshbone.cli.up;
