/**
 * Personal data in a contract: the one policy (which field is protected how, what DROP writes, what happens inside
 * records, unions, arrays and maps; which strings governance scans, NONE included, and their {@code "pii.allow"}
 * exceptions) and the name lint that asks for a tag. Immutable and thread-safe.
 */
package dev.meshbone.contract.pii;
