/**
 * The benchmark command: throughput and latency of the toolkit against raw Vert.x and {@code java.net.http}
 * clients, goodput under a provider rate limit, and memory of bulk removal, all against one in-process sandbox.
 */
package dev.membership.benchmarks;
