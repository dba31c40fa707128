package dev.membership.benchmarks;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 1: throughput and latency of each variant at each concurrency. One unmeasured warm-up pass of every
 * (variant, concurrency) first; then rounds, each running every variant at every concurrency in turn, so slow
 * drifts of the machine spread over all variants alike. Each figure is the median over the rounds.
 */
final class ThroughputBenchmark {

  /**
   * The figures of one variant at one concurrency; {@code ratios} holds, per round, its throughput over the raw
   * WebClient's in the same round (empty if the raw WebClient was not measured).
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
    Map<String, List<Round>> byKey = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      progress.printf("throughput: round %d of %d%n", r, rounds);
      progress.flush();
      for (int concurrency : concurrencies) {
        // The order rotates from round to round, so no variant always runs first or right after another.
        for (int v = 0; v < variants.size(); v++) {
          Variant variant = variants.get((v + r - 1) % variants.size());
          // Each measurement starts from a collected heap, so no variant pays for another's garbage.
          System.gc();
          Round round = variant.run(concurrency, requestsAt(variant, concurrency));
          reportErrors(variant, concurrency, round);
          byKey.computeIfAbsent(variant.name() + "@" + concurrency, k -> new ArrayList<>()).add(round);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int concurrency : concurrencies) {
      List<Round> raw = byKey.get(RawWebClientVariant.NAME + "@" + concurrency);
      for (Variant variant : variants) {
        List<Round> measured = byKey.get(variant.name() + "@" + concurrency);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; raw != null && i < measured.size(); i++) {
          // Paired by round: the two ran within seconds of each other, so slow drifts of the machine cancel.
          ratios.add(measured.get(i).perSecond() / raw.get(i).perSecond());
        }
        rows.add(new Row(variant.name(), concurrency, requestsAt(variant, concurrency),
            measured.stream().map(Round::perSecond).toList(),
            measured.stream().map(round -> round.latencyMillis(0.50)).toList(),
            measured.stream().map(round -> round.latencyMillis(0.99)).toList(),
            ratios, measured.stream().map(Round::clientCpuMicros).toList(),
            measured.stream().map(Round::clientBytesPerRequest).toList(),
            measured.stream().mapToLong(Round::errors).sum()));
      }
    }
    return rows;
  }

  private void reportErrors(Variant variant, int concurrency, Round round) {
    if (round.errors() > 0) {
      progress.printf("throughput: %s at c=%d: %d of %d requests failed, first: %s%n", variant.name(), concurrency,
          round.errors(), round.requests(), round.firstError());
      progress.flush();
    }
  }
}
