/** What a data contract means, decided once for the SDK, governance, the catalog and the CLI. */
package dev.meshbone.contract;
