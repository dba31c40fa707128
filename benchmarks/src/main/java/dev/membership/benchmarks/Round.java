package dev.membership.benchmarks;

import java.util.Arrays;

/**
 * One measured round: how many requests, how many failed (and the first failure, or null), how long the whole
 * round took, each request's latency in nanoseconds, and the CPU time and heap allocation of the client's event-loop
 * thread over the round (-1 where the client runs on threads of its own).
 */
record Round(int requests, long errors, String firstError, long elapsedNanos, long[] latencies,
    long clientCpuNanos, long clientAllocatedBytes) {

  Round(int requests, long errors, String firstError, long elapsedNanos, long[] latencies) {
    this(requests, errors, firstError, elapsedNanos, latencies, -1, -1);
  }

  /** Client event-loop CPU per request in microseconds, or NaN. */
  double clientCpuMicros() {
    return clientCpuNanos < 0 ? Double.NaN : clientCpuNanos / 1e3 / requests;
  }

  /** Client event-loop allocation per request in bytes, or NaN. */
  double clientBytesPerRequest() {
    return clientAllocatedBytes < 0 ? Double.NaN : (double) clientAllocatedBytes / requests;
  }

  double perSecond() {
    return requests / (elapsedNanos / 1e9);
  }

  /** The {@code q}-quantile of the latencies (nearest rank), in milliseconds. */
  double latencyMillis(double q) {
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  /** The median of {@code values}; the mean of the middle two for an even count. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
