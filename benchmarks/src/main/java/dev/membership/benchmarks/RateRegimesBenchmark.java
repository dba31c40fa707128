package dev.membership.benchmarks;

import dev.membership.core.BulkRemoval;
import dev.membership.core.BulkSummary;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemoverOptions;
import dev.membership.sandbox.SandboxCounters;
import dev.membership.sandbox.SandboxRateLimit;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Part 2: a bulk removal under each of four provider regimes the sandbox plays, one run each: how much of the
 * provider's capacity became removals, the share of requests answered 429, and the requests sent while the lane
 * knew it was closed. Before each run the sandbox's limit is set again (its buckets start full) and its counters
 * are zeroed; the remover is new.
 *
 * <ol>
 *   <li>known limit, the rate configured to it: a token bucket of L/s (burst: one second's worth);
 *   <li>unannounced limit, nothing configured: the same bucket, found by the adaptive rate;
 *   <li>the limit halved mid-run, nothing configured: L/s, then L/2 from half the expected run on;
 *   <li>a points quota of L times W per window of W seconds, with Atlassian's headers, nothing configured.
 * </ol>
 */
final class RateRegimesBenchmark {

  /** The regimes, in the order they run. */
  enum Regime {
    KNOWN("a. known limit, rate configured", 0.99, 0.005),
    UNANNOUNCED("b. unannounced limit, adaptive", 0.95, 0.01),
    HALVED("c. limit halved mid-run, adaptive", 0.90, 0.02),
    QUOTA("d. quota window, headers, adaptive", 0.99, Double.NaN);

    final String label;
    final double capacityTarget;
    final double share429Target;

    Regime(String label, double capacityTarget, double share429Target) {
      this.label = label;
      this.capacityTarget = capacityTarget;
      this.share429Target = share429Target;
    }
  }

  /**
   * One run.
   *
   * @param capacity what the provider would have accepted over the run: requests of its limit, or units of its
   *     quota, over the elapsed time
   * @param windows quota windows the run lasted, started ones included (regime d), else 0
   */
  record Result(Regime regime, int removals, long removed, long failed, long requests, long answered429,
      long sentWhileClosed, double elapsedSeconds, double capacity, long windows) {

    double removalsPerSecond() {
      return removed / elapsedSeconds;
    }

    double fractionOfCapacity() {
      return removed / capacity;
    }

    double share429() {
      return requests == 0 ? 0 : (double) answered429 / requests;
    }

    /** Whether the regime's targets hold. */
    boolean holds() {
      boolean capacityHolds = fractionOfCapacity() >= regime.capacityTarget && failed == 0;
      if (regime == Regime.QUOTA) {
        return capacityHolds && answered429 <= windows && sentWhileClosed == 0;
      }
      return capacityHolds && share429() <= regime.share429Target && sentWhileClosed == 0;
    }
  }

  private final Vertx vertx;
  private final Fixture fixture;
  private final SandboxAdmin admin;
  private final double limit;
  private final double seconds;
  private final double windowSeconds;
  private final int concurrency;
  private final PrintWriter progress;

  RateRegimesBenchmark(Vertx vertx, Fixture fixture, SandboxAdmin admin, double limit, double seconds,
      double windowSeconds, int concurrency, PrintWriter progress) {
    this.vertx = vertx;
    this.fixture = fixture;
    this.admin = admin;
    this.limit = limit;
    this.seconds = seconds;
    this.windowSeconds = windowSeconds;
    this.concurrency = concurrency;
    this.progress = progress;
  }

  List<Result> run() throws Exception {
    List<Result> results = new ArrayList<>();
    try {
      for (Regime regime : Regime.values()) {
        results.add(run(regime));
      }
    } finally {
      admin.rateLimitOff();
    }
    return results;
  }

  private Result run(Regime regime) throws Exception {
    int removals;
    SandboxRateLimit sandboxLimit;
    double halvedAfter = seconds / 2;
    long quotaPoints = Math.round(limit * windowSeconds);
    switch (regime) {
      case HALVED -> {
        removals = (int) Math.round(limit * halvedAfter + limit / 2 * (seconds - halvedAfter));
        sandboxLimit = SandboxAdmin.bucket(limit).changingAfter(halvedAfter, SandboxAdmin.bucket(limit / 2));
      }
      case QUOTA -> {
        long windows = Math.max(1, Math.round(seconds / windowSeconds));
        removals = (int) (quotaPoints * windows);
        sandboxLimit = SandboxRateLimit.quota((int) quotaPoints, windowSeconds);
      }
      default -> {
        removals = (int) Math.round(limit * seconds);
        sandboxLimit = SandboxAdmin.bucket(limit);
      }
    }
    progress.printf("rate regimes: %s, %,d removals at %.0f/s%n", regime.label, removals, limit);
    progress.flush();

    SentWhileClosed listener = new SentWhileClosed();
    RemoverOptions.Builder options = RemoverOptions.builder().maxConcurrency(concurrency).listener(listener);
    if (regime == Regime.KNOWN) {
      options.rateLimit(RateLimit.perSecond(limit));
    }
    if (regime == Regime.QUOTA) {
      // Start at the top of a window, as a run that starts at the top of the hour: a part of a window holds a whole
      // quota that no client could spend in what is left of it.
      long windowMillis = Math.round(windowSeconds * 1000);
      Thread.sleep(windowMillis - Math.floorMod(System.currentTimeMillis(), windowMillis) + 20);
    }
    admin.rateLimit(sandboxLimit);
    admin.resetCounters();
    MembershipRemover remover = MembershipRemover.confluence(vertx, fixture.config, options.build());
    Context context = vertx.getOrCreateContext();
    long[] start = new long[1];
    long[] end = new long[1];
    Promise<BulkSummary> done = Promise.promise();
    BulkRemoval[] run = new BulkRemoval[1];
    context.runOnContext(ignored -> {
      start[0] = System.nanoTime();
      run[0] = remover.removeAll(Collections.nCopies(removals, fixture.membership).iterator(), result -> { });
      run[0].completion().onComplete(result -> {
        end[0] = System.nanoTime();
        done.handle(result);
      });
    });
    BulkSummary summary;
    try {
      summary = done.future().toCompletionStage().toCompletableFuture()
          .get((long) (seconds * 4) + 60, TimeUnit.SECONDS);
    } finally {
      remover.close();
    }
    SandboxCounters.ProviderCounters counters = admin.confluenceCounters();
    long requests = counters.requests();
    long answered429 = counters.answered(429);
    double elapsed = (end[0] - start[0]) / 1e9;
    double capacity;
    long windows = 0;
    switch (regime) {
      case HALVED -> capacity = limit * Math.min(elapsed, halvedAfter)
          + limit / 2 * Math.max(0, elapsed - halvedAfter);
      case QUOTA -> {
        // The run starts at the top of a window: the quota's units over the elapsed time. Spending evenly, the
        // last unit of the last window goes out at its reset, so the run may end a moment into the next one.
        windows = (long) Math.ceil(elapsed / windowSeconds);
        capacity = quotaPoints / windowSeconds * elapsed;
      }
      default -> capacity = limit * elapsed;
    }
    return new Result(regime, removals, summary.removed(), summary.failed(), requests, answered429,
        listener.count(), elapsed, capacity, windows);
  }
}
