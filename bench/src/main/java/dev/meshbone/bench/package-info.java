/**
 * Benchmarks: each runs the thing measured and its baseline in the same run on the same data, and prints a table
 * with the ratio, because these machines are shared and noisy. Never run as tests.
 */
package dev.meshbone.bench;
