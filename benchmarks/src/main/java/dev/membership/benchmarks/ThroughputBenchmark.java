package dev.membership.benchmarks;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 1: throughput and latency of each variant at each concurrency. One unmeasured warm-up pass of every
 * (variant, concurrency) first; then rounds, each running every variant at every concurrency in turn, with the
 * raw WebClient before, between and after the others so that each ratio compares measurements seconds apart.
 * Each figure is the median over the rounds (for the raw WebClient, over all its runs).
 */
final class ThroughputBenchmark {

  /**
   * The figures of one variant at one concurrency; {@code ratios} holds, per round, its throughput over the mean
   * of the raw WebClient's runs just before and just after it (all 1 for the raw WebClient itself; empty if it
   * was not measured).
   */
  record Row(String variant, int concurrency, int requestsPerRound, List<Double> perSecond, List<Double> p50Millis,
      List<Double> p99Millis, List<Double> ratios, List<Double> cpuMicros, List<Double> bytesPerRequest,
      long errors) {

    double medianCpuMicros() {
      return median(cpuMicros);
    }

    double medianBytesPerRequest() {
      return median(bytesPerRequest);
    }

    /** The median of the per-round ratios to the raw WebClient, or NaN. */
    double medianRatio() {
      return ratios.isEmpty() ? Double.NaN : median(ratios);
    }

    /**
     * The per-round ratios' lower and upper quartile (nearest rank): the middle half of the rounds lies between
     * them, a measure of how far one round's ratio can be trusted. Empty when no ratio was measured.
     */
    double[] ratioQuartiles() {
      if (ratios.isEmpty()) {
        return new double[0];
      }
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      return new double[] {sorted[(int) Math.ceil(n * 0.25) - 1], sorted[(int) Math.ceil(n * 0.75) - 1]};
    }

    double medianPerSecond() {
      return median(perSecond);
    }

    double medianP50() {
      return median(p50Millis);
    }

    double medianP99() {
      return median(p99Millis);
    }

    private static double median(List<Double> values) {
      return Round.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  private final List<Variant> variants;
  private final List<Integer> concurrencies;
  private final int requests;
  private final int lowConcurrencyRequests;
  private final int javaNetHttpRequests;
  private final int rounds;
  private final int warmupRounds;
  private final PrintWriter progress;

  ThroughputBenchmark(List<Variant> variants, List<Integer> concurrencies, int requests, int lowConcurrencyRequests,
      int javaNetHttpRequests, int rounds, int warmupRounds, PrintWriter progress) {
    this.variants = variants;
    this.concurrencies = concurrencies;
    this.requests = requests;
    this.lowConcurrencyRequests = lowConcurrencyRequests;
    this.javaNetHttpRequests = javaNetHttpRequests;
    this.rounds = rounds;
    this.warmupRounds = warmupRounds;
    this.progress = progress;
  }

  /**
   * Requests per round of {@code variant} at {@code concurrency}: fewer at concurrency 1, and fewer for the
   * java.net.http variants, which are several times slower, so that the run stays short while the Vert.x
   * variants' rounds are long enough to be steady.
   */
  int requestsAt(Variant variant, int concurrency) {
    return concurrency == 1 ? lowConcurrencyRequests : variant.javaNetHttp() ? javaNetHttpRequests : requests;
  }

  List<Row> run() throws Exception {
    for (int w = 1; w <= warmupRounds; w++) {
      progress.printf("throughput: warm-up %d of %d%n", w, warmupRounds);
      progress.flush();
      for (int concurrency : concurrencies) {
        for (Variant variant : variants) {
          reportErrors(variant, concurrency, variant.run(concurrency, requestsAt(variant, concurrency)));
        }
      }
    }
    Variant raw = variants.stream().filter(v -> v.name().equals(RawWebClientVariant.NAME)).findFirst().orElse(null);
    List<Variant> others = variants.stream().filter(v -> v != raw).toList();
    Map<String, List<Round>> byKey = new LinkedHashMap<>();
    Map<String, List<Double>> ratiosByKey = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      progress.printf("throughput: round %d of %d%n", r, rounds);
      progress.flush();
      for (int concurrency : concurrencies) {
        // The raw WebClient runs before the first variant, between every two and after the last, and each
        // variant's ratio is taken against the mean of the raw runs just before and just after it: drifts of the
        // machine slower than a few seconds cancel. The order of the others rotates from round to round.
        Round before = raw == null ? null : measure(raw, concurrency, byKey);
        if (raw != null) {
          ratiosByKey.computeIfAbsent(key(raw, concurrency), k -> new ArrayList<>()).add(1.0);
        }
        for (int v = 0; v < others.size(); v++) {
          Variant variant = others.get((v + r - 1) % others.size());
          Round round = measure(variant, concurrency, byKey);
          if (raw != null) {
            Round after = measure(raw, concurrency, byKey);
            ratiosByKey.computeIfAbsent(key(variant, concurrency), k -> new ArrayList<>())
                .add(round.perSecond() / ((before.perSecond() + after.perSecond()) / 2));
            ratiosByKey.get(key(raw, concurrency)).add(1.0);
            before = after;
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int concurrency : concurrencies) {
      for (Variant variant : variants) {
        List<Round> measured = byKey.get(key(variant, concurrency));
        rows.add(new Row(variant.name(), concurrency, requestsAt(variant, concurrency),
            measured.stream().map(Round::perSecond).toList(),
            measured.stream().map(round -> round.latencyMillis(0.50)).toList(),
            measured.stream().map(round -> round.latencyMillis(0.99)).toList(),
            ratiosByKey.getOrDefault(key(variant, concurrency), List.of()),
            measured.stream().map(Round::clientCpuMicros).toList(),
            measured.stream().map(Round::clientBytesPerRequest).toList(),
            measured.stream().mapToLong(Round::errors).sum()));
      }
    }
    return rows;
  }

  private static String key(Variant variant, int concurrency) {
    return variant.name() + "@" + concurrency;
  }

  /** One measurement of {@code variant}, from a collected heap so that no variant pays for another's garbage. */
  private Round measure(Variant variant, int concurrency, Map<String, List<Round>> byKey) throws Exception {
    System.gc();
    Round round = variant.run(concurrency, requestsAt(variant, concurrency));
    reportErrors(variant, concurrency, round);
    byKey.computeIfAbsent(key(variant, concurrency), k -> new ArrayList<>()).add(round);
    return round;
  }

  private void reportErrors(Variant variant, int concurrency, Round round) {
    if (round.errors() > 0) {
      progress.printf("throughput: %s at c=%d: %d of %d requests failed, first: %s%n", variant.name(), concurrency,
          round.errors(), round.requests(), round.firstError());
      progress.flush();
    }
  }
}
