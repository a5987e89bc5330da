/**
 * Sample products and records every module's tests share, declared through the real contract code
 * ({@code mesh-contract}), so a test's fixture is a contract the mesh would accept.
 */
package dev.meshbone.testkit.samples;
