/**
 * The benchmark command: throughput and latency of the toolkit against raw Vert.x and {@code java.net.http}
 * clients, bulk removal under four provider rate regimes, and memory of bulk removal, all against one in-process sandbox.
 */
package dev.membership.benchmarks;
