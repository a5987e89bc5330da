/**
 * Contract announcements: each domain announces its descriptors on its own topic {@code mesh.contracts.<domain>};
 * governance checks each one with the contract core and the registry, republishes the accepted ones to
 * {@code mesh.products} and refuses the others as {@code INVALID_CONTRACT} violations.
 */
package dev.meshbone.governance.announce;
