package dev.membership.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed tables, the targets and the JSON form of one run. */
final class Report {

  /** A target and whether it held; {@code holds} is null when the run did not measure it. */
  record Target(String name, String measured, Boolean holds) {}

  static final double RATIO_TARGET = 0.90;
  static final double MEMORY_TARGET = 1.2;
  static final int TARGET_CONCURRENCY = 64;

  private final JsonObject settings;
  private final List<ThroughputBenchmark.Row> throughput;
  private final List<RateRegimesBenchmark.Result> rates;
  private final List<MemoryBenchmark.Result> memory;
  /** Part 4, or null if not run. */
  private final ConcurrentCallsBenchmark.Result concurrentCalls;
  private final List<ReplicasBenchmark.Result> replicas;

  Report(JsonObject settings, List<ThroughputBenchmark.Row> throughput, List<RateRegimesBenchmark.Result> rates,
      List<MemoryBenchmark.Result> memory, ConcurrentCallsBenchmark.Result concurrentCalls,
      List<ReplicasBenchmark.Result> replicas) {
    this.replicas = replicas;
    this.settings = settings;
    this.throughput = throughput;
    this.rates = rates;
    this.memory = memory;
    this.concurrentCalls = concurrentCalls;
  }

  List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (String variant : List.of(RemoverVariant.NAME, BulkVariant.NAME)) {
      String name = variant + " >= " + RATIO_TARGET + "x raw WebClient throughput at c=" + TARGET_CONCURRENCY;
      ThroughputBenchmark.Row row = throughput.stream()
          .filter(r -> r.variant().equals(variant) && r.concurrency() == TARGET_CONCURRENCY).findFirst()
          .orElse(null);
      double ratio = row == null ? Double.NaN : row.medianRatio();
      if (Double.isNaN(ratio)) {
        targets.add(new Target(name, "not measured", null));
      } else {
        double[] quartiles = row.ratioQuartiles();
        targets.add(new Target(name, format("%.3fx (median of %d rounds; middle half %.3f-%.3f)", ratio,
            row.ratios().size(), quartiles[0], quartiles[1]), ratio >= RATIO_TARGET));
      }
    }
    for (RateRegimesBenchmark.Regime regime : RateRegimesBenchmark.Regime.values()) {
      String name = regime == RateRegimesBenchmark.Regime.QUOTA
          ? regime.label + ": >= " + percent(regime.capacityTarget) + " of the quota's units removed, at most one "
              + "429 (a probe) per window, none sent while closed"
          : regime.label + ": >= " + percent(regime.capacityTarget) + " of the limit, <= "
              + percent(regime.share429Target) + " answered 429, none sent while closed";
      RateRegimesBenchmark.Result result = rates.stream().filter(r -> r.regime() == regime).findFirst()
          .orElse(null);
      if (result == null) {
        targets.add(new Target(name, "not measured", null));
      } else {
        targets.add(new Target(name, format("%s, %s 429 (%,d of %,d), %,d sent while closed, %,d failed",
            percent(result.fractionOfCapacity()), percent(result.share429()), result.answered429(),
            result.requests(), result.sentWhileClosed(), result.failed()), result.holds()));
      }
    }
    String memoryName = "peak heap for the largest input <= " + MEMORY_TARGET + "x that for the smallest";
    if (memory.size() < 2) {
      targets.add(new Target(memoryName, "not measured", null));
    } else {
      MemoryBenchmark.Result small = memory.get(0);
      MemoryBenchmark.Result large = memory.get(memory.size() - 1);
      double ratio = (double) large.peakHeapAfterGcBytes() / small.peakHeapAfterGcBytes();
      targets.add(new Target(memoryName, format("%,d rows %.3fx %,d rows (%s vs %s)", large.rows(), ratio,
          small.rows(), mebibytes(large.peakHeapAfterGcBytes()), mebibytes(small.peakHeapAfterGcBytes())),
          ratio <= MEMORY_TARGET));
    }
    String callsName = "concurrent remove() calls: requests per removal = 1.000";
    if (concurrentCalls == null) {
      targets.add(new Target(callsName, "not measured", null));
    } else {
      targets.add(new Target(callsName, format("%.3f (%,d requests for %,d removals, %,d failed)",
          concurrentCalls.requestsPerRemoval(), concurrentCalls.requests(), concurrentCalls.removals(),
          concurrentCalls.failed()),
          concurrentCalls.requests() == concurrentCalls.removals() && concurrentCalls.failed() == 0));
    }
    String replicasName = ReplicasBenchmark.REPLICAS + " processes sharing one limit through Redis: >= "
        + percent(ReplicasBenchmark.GOODPUT_TARGET) + " of the limit together, <= "
        + percent(ReplicasBenchmark.SHARE_429_TARGET) + " answered 429";
    ReplicasBenchmark.Result shared = replicas.stream().filter(ReplicasBenchmark.Result::shared).findFirst()
        .orElse(null);
    if (shared == null) {
      targets.add(new Target(replicasName, "not measured", null));
    } else {
      targets.add(new Target(replicasName, format("%s of the limit, %s answered 429, %d failed",
          percent(shared.goodput()), percent(shared.share429()), shared.failed()), shared.holds()));
    }
    return targets;
  }

  void print(PrintWriter out) {
    out.println(format("membership toolkit benchmark: %d cores, Java %s, %s; sandbox in-process on its own "
        + "Vert.x instance, 127.0.0.1", settings.getInteger("cores"), settings.getString("java"),
        settings.getString("os")));
    long initialHeap = settings.getLong("initialHeapBytes", -1L);
    long maxHeap = settings.getLong("maxHeapBytes");
    out.println(format("heap: %d MB%s", maxHeap >> 20, initialHeap == maxHeap ? ", fixed"
        : " at most, initially " + (initialHeap >> 20) + " MB -- resized during the run, the figures vary more"));
    Double others = settings.getDouble("otherProcessesCpuShareDuringThroughput");
    if (others != null) {
      out.println(format("other processes used %s of the machine's CPU during part 1%s", percent(others),
          others > 0.05 ? " -- the figures are skewed; run again on a quiet machine" : ""));
    }
    if (!throughput.isEmpty()) {
      out.println();
      out.println(format("1. Throughput and latency: DELETE %s -> 204, %,d requests per round (java.net.http "
          + "%,d; %,d at c=1), median of %d rounds after %d warm-up round(s)", Fixture.PATH,
          settings.getInteger("requests"), settings.getInteger("javaNetHttpRequests"),
          settings.getInteger("lowConcurrencyRequests"), settings.getInteger("rounds"),
          settings.getInteger("warmupRounds")));
      out.println(format("%-32s %4s %12s %9s %9s %12s %10s %10s %7s", "variant", "c", "removals/s", "p50 ms",
          "p99 ms", "x WebClient", "cpu us/req", "alloc B/req", "errors"));
      int last = -1;
      for (ThroughputBenchmark.Row row : throughput) {
        if (last != -1 && row.concurrency() != last) {
          out.println();
        }
        last = row.concurrency();
        out.println(format("%-32s %4d %,12.0f %9.3f %9.3f %12.3f %10s %10s %7d", row.variant(), row.concurrency(),
            row.medianPerSecond(), row.medianP50(), row.medianP99(), row.medianRatio(), orDash("%.2f", row.medianCpuMicros()),
            orDash("%,.0f", row.medianBytesPerRequest()), row.errors()));
      }
    }
    if (!rates.isEmpty()) {
      out.println();
      out.println(format("2. Rate regimes: one bulk removal each, limit %.0f requests/s (token bucket, burst one "
          + "second's worth), concurrency %d, runs of about %.0f s; quota of regime d: %.0f s windows",
          settings.getDouble("rateLimit"), settings.getInteger("rateConcurrency"), settings.getDouble("rateSeconds"),
          settings.getDouble("rateWindowSeconds")));
      out.println(format("%-36s %9s %11s %12s %9s %10s %9s %7s %10s", "regime", "removals", "removals/s",
          "of capacity", "requests", "429 share", "sent shut", "failed", "elapsed s"));
      for (RateRegimesBenchmark.Result r : rates) {
        out.println(format("%-36s %,9d %,11.1f %12s %,9d %10s %,9d %,7d %10.2f", r.regime().label, r.removed(),
            r.removalsPerSecond(), percent(r.fractionOfCapacity()), r.requests(), percent(r.share429()),
            r.sentWhileClosed(), r.failed(), r.elapsedSeconds()));
      }
    }
    if (!memory.isEmpty()) {
      out.println();
      out.println(format("3. Memory of bulk removal: rows streamed from a CSV file through an Iterator, "
          + "concurrency %d, one child JVM per size with -Xms/-Xmx %s, full GC every %d ms",
          settings.getInteger("memoryConcurrency"), settings.getString("memoryHeap"),
          settings.getLong("memorySampleMillis")));
      out.println(format("%-12s %19s %12s %11s %11s %10s %8s", "rows", "peak heap after GC", "baseline",
          "growth", "removals/s", "elapsed s", "failed"));
      for (MemoryBenchmark.Result result : memory) {
        out.println(format("%,-12d %19s %12s %11s %,11.0f %10.2f %8d", result.rows(),
            mebibytes(result.peakHeapAfterGcBytes()), mebibytes(result.baselineBytes()),
            mebibytes(result.peakHeapAfterGcBytes() - result.baselineBytes()), result.removalsPerSecond(),
            result.elapsedSeconds(), result.failed()));
      }
    }
    if (concurrentCalls != null) {
      out.println();
      out.println(format("4. Concurrent calls: %,d remove() at once (Future.all), default options, sandbox "
          + "latency %d ms", concurrentCalls.removals(), concurrentCalls.latencyMillis()));
      out.println(format("%-10s %10s %18s %8s %7s %10s %10s", "removals", "requests", "requests/removal",
          "retries", "failed", "elapsed s", "slowest s"));
      out.println(format("%,-10d %,10d %18.3f %,8d %,7d %10.2f %10.2f", concurrentCalls.removals(),
          concurrentCalls.requests(), concurrentCalls.requestsPerRemoval(), concurrentCalls.retries(),
          concurrentCalls.failed(), concurrentCalls.elapsedSeconds(), concurrentCalls.slowestSeconds()));
    }
    if (!replicas.isEmpty()) {
      out.println();
      out.println(format("5. Replicas: %d JVMs at once, each a bulk removal told the limit %.0f requests/s, against "
          + "one sandbox limited to it (token bucket, burst one second's worth), concurrency %d, runs of about "
          + "%.0f s at the limit", ReplicasBenchmark.REPLICAS, settings.getDouble("rateLimit"),
          settings.getInteger("rateConcurrency"), settings.getDouble("replicaSeconds")));
      out.println(format("%-24s %9s %14s %14s %11s %9s %10s %9s %7s %10s", "limit", "removals",
          "removals/limit", "requests/limit", "peak/limit", "requests", "429 share", "sent shut", "failed",
          "elapsed s"));
      for (ReplicasBenchmark.Result r : replicas) {
        out.println(format("%-24s %,9d %14s %14s %11s %,9d %10s %,9d %,7d %10.2f",
            r.shared() ? "shared through Redis" : "each its own", r.removed(), percent(r.goodput()),
            percent(r.sent()), percent(r.peak()), r.requests(), percent(r.share429()), r.sentWhileClosed(),
            r.failed(), r.elapsedSeconds()));
      }
    }
    out.println();
    out.println("Targets");
    for (Target target : targets()) {
      String verdict = target.holds() == null ? "[n/a]   " : target.holds() ? "[holds] " : "[missed]";
      out.println(verdict + " " + target.name() + ": " + target.measured());
    }
    out.flush();
  }

  JsonObject toJson() {
    JsonArray rows = new JsonArray();
    for (ThroughputBenchmark.Row row : throughput) {
      rows.add(new JsonObject()
          .put("variant", row.variant())
          .put("concurrency", row.concurrency())
          .put("requestsPerRound", row.requestsPerRound())
          .put("removalsPerSecond", row.medianPerSecond())
          .put("p50Millis", row.medianP50())
          .put("p99Millis", row.medianP99())
          .put("ratioToRawWebClient", nullIfNaN(row.medianRatio()))
          .put("clientCpuMicrosPerRequest", nullIfNaN(row.medianCpuMicros()))
          .put("clientBytesPerRequest", nullIfNaN(row.medianBytesPerRequest()))
          .put("errors", row.errors())
          .put("rounds", new JsonObject()
              .put("removalsPerSecond", new JsonArray(new ArrayList<>(row.perSecond())))
              .put("p50Millis", new JsonArray(new ArrayList<>(row.p50Millis())))
              .put("p99Millis", new JsonArray(new ArrayList<>(row.p99Millis())))
              .put("ratioToRawWebClient", new JsonArray(new ArrayList<>(row.ratios())))));
    }
    JsonArray regimes = new JsonArray();
    for (RateRegimesBenchmark.Result r : rates) {
      regimes.add(new JsonObject()
          .put("regime", r.regime().name().toLowerCase(Locale.ROOT))
          .put("label", r.regime().label)
          .put("removals", r.removals())
          .put("removed", r.removed())
          .put("failed", r.failed())
          .put("requests", r.requests())
          .put("answered429", r.answered429())
          .put("sentWhileClosed", r.sentWhileClosed())
          .put("elapsedSeconds", r.elapsedSeconds())
          .put("removalsPerSecond", r.removalsPerSecond())
          .put("capacity", r.capacity())
          .put("fractionOfCapacity", r.fractionOfCapacity())
          .put("share429", r.share429())
          .put("quotaWindows", r.windows())
          .put("holds", r.holds()));
    }
    JsonArray sizes = new JsonArray();
    for (MemoryBenchmark.Result result : memory) {
      sizes.add(new JsonObject()
          .put("rows", result.rows())
          .put("removed", result.removed())
          .put("failed", result.failed())
          .put("elapsedSeconds", result.elapsedSeconds())
          .put("removalsPerSecond", result.removalsPerSecond())
          .put("baselineBytes", result.baselineBytes())
          .put("peakHeapAfterGcBytes", result.peakHeapAfterGcBytes())
          .put("afterRunBytes", result.afterRunBytes())
          .put("fullGcSamples", result.fullGcSamples())
          .put("maxHeapBytes", result.maxHeapBytes()));
    }
    JsonArray targets = new JsonArray();
    for (Target target : targets()) {
      targets.add(new JsonObject().put("target", target.name()).put("measured", target.measured())
          .put("holds", target.holds()));
    }
    JsonObject calls = concurrentCalls == null ? null : new JsonObject()
        .put("removals", concurrentCalls.removals())
        .put("requests", concurrentCalls.requests())
        .put("requestsPerRemoval", concurrentCalls.requestsPerRemoval())
        .put("retries", concurrentCalls.retries())
        .put("failed", concurrentCalls.failed())
        .put("elapsedSeconds", concurrentCalls.elapsedSeconds())
        .put("slowestSeconds", concurrentCalls.slowestSeconds())
        .put("latencyMillis", concurrentCalls.latencyMillis());
    JsonArray replicaRuns = new JsonArray();
    for (ReplicasBenchmark.Result r : replicas) {
      replicaRuns.add(new JsonObject()
          .put("shared", r.shared())
          .put("replicas", r.replicas())
          .put("rows", r.rows())
          .put("removed", r.removed())
          .put("failed", r.failed())
          .put("requests", r.requests())
          .put("answered429", r.answered429())
          .put("sentWhileClosed", r.sentWhileClosed())
          .put("elapsedSeconds", r.elapsedSeconds())
          .put("removalsPerLimit", r.goodput())
          .put("requestsPerLimit", r.sent())
          .put("peakRequestsPerSecond", r.peakRequestsPerSecond())
          .put("share429", r.share429()));
    }
    return new JsonObject().put("settings", settings).put("throughput", rows).put("rates", regimes)
        .put("memory", sizes).put("concurrentCalls", calls).put("replicas", replicaRuns).put("targets", targets);
  }

  private static String orDash(String pattern, double value) {
    return Double.isNaN(value) ? "-" : format(pattern, value);
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }

  static String percent(double fraction) {
    return format("%.2f %%", fraction * 100);
  }

  static String mebibytes(long bytes) {
    return format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
