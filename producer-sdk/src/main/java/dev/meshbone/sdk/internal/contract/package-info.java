/**
 * Internal, do not import: contract validation, the personal-data lint, YAML (ODCS) reading and the descriptor
 * mapping behind {@link dev.meshbone.sdk.DataProduct}.
 */
package dev.meshbone.sdk.internal.contract;
