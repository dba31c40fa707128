package dev.membership.benchmarks;

import dev.membership.core.BulkRemoval;
import dev.membership.core.BulkSummary;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Part 2: goodput of a bulk run under the sandbox's per-credential rate limit, with the toolkit's limiter set to
 * the same figure and with no limiter (the run then relies on retrying 429s, honouring {@code Retry-After}).
 * Before each round the sandbox's limit is set again (its bucket starts full) and its counters are zeroed; the
 * remover is new (its bucket starts full too).
 */
final class GoodputBenchmark {

  /** One round of one mode. */
  record Round(long finished, long removed, long failed, long retries, long requests, long answered429,
      double elapsedSeconds, boolean stopped) {

    double removalsPerSecond() {
      return removed / elapsedSeconds;
    }

    double share429() {
      return requests == 0 ? 0 : (double) answered429 / requests;
    }
  }

  /** The rounds of one mode. */
  record Mode(String name, boolean limiter, double limit, int burst, int removals, int concurrency,
      List<Round> rounds) {

    double medianRemovalsPerSecond() {
      return dev.membership.benchmarks.Round.median(
          rounds.stream().mapToDouble(Round::removalsPerSecond).toArray());
    }

    double medianFractionOfLimit() {
      return medianRemovalsPerSecond() / limit;
    }

    double medianShare429() {
      return dev.membership.benchmarks.Round.median(rounds.stream().mapToDouble(Round::share429).toArray());
    }
  }

  static final String WITH_LIMITER = "toolkit limiter";
  static final String WITHOUT_LIMITER = "no limiter (429 retries)";

  private final Vertx vertx;
  private final Fixture fixture;
  private final SandboxAdmin admin;
  private final double limit;
  private final int burst;
  private final int removals;
  private final int concurrency;
  private final int rounds;
  private final long timeLimitSeconds;
  private final PrintWriter progress;

  GoodputBenchmark(Vertx vertx, Fixture fixture, SandboxAdmin admin, double limit, int burst, int removals,
      int concurrency, int rounds, long timeLimitSeconds, PrintWriter progress) {
    this.vertx = vertx;
    this.fixture = fixture;
    this.admin = admin;
    this.limit = limit;
    this.burst = burst;
    this.removals = removals;
    this.concurrency = concurrency;
    this.rounds = rounds;
    this.timeLimitSeconds = timeLimitSeconds;
    this.progress = progress;
  }

  List<Mode> run() throws Exception {
    List<Mode> modes = new ArrayList<>();
    try {
      modes.add(mode(WITH_LIMITER, true));
      modes.add(mode(WITHOUT_LIMITER, false));
    } finally {
      admin.rateLimitOff();
    }
    return modes;
  }

  private Mode mode(String name, boolean limiter) throws Exception {
    List<Round> measured = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      progress.printf("goodput: %s, round %d of %d (%,d removals at %.0f/s)%n", name, r, rounds, removals, limit);
      progress.flush();
      measured.add(round(limiter));
    }
    return new Mode(name, limiter, limit, burst, removals, concurrency, measured);
  }

  private Round round(boolean limiter) throws Exception {
    admin.rateLimit(limit, burst);
    admin.resetCounters();
    RemoverOptions.Builder options = RemoverOptions.builder().maxConcurrency(concurrency);
    if (limiter) {
      options.rateLimit(new RateLimit(limit, burst));
    }
    MembershipRemover remover = MembershipRemover.confluence(vertx, fixture.config, options.build());
    Context context = vertx.getOrCreateContext();
    long[] start = new long[1];
    long[] end = new long[1];
    BulkRemoval[] run = new BulkRemoval[1];
    Promise<BulkSummary> done = Promise.promise();
    context.runOnContext(ignored -> {
      start[0] = System.nanoTime();
      // The consumer keeps nothing: the summary counts outcomes, failures and retries.
      run[0] = remover.removeAll(Collections.nCopies(removals, fixture.membership).iterator(), result -> { });
      run[0].completion().onComplete(result -> {
        end[0] = System.nanoTime();
        done.handle(result);
      });
    });
    CompletableFuture<BulkSummary> completion = done.future().toCompletionStage().toCompletableFuture();
    BulkSummary summary;
    try {
      // Without the limiter the run is bounded by the time the limit itself needs, so the command keeps to its
      // time budget; it is then stopped: no more taken, those in flight finish and count.
      summary = completion.get(limiter ? EventLoopDriver.ROUND_LIMIT_SECONDS : timeLimitSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      if (limiter) {
        throw e;
      }
      progress.printf("goodput: time limit of %d s reached; stopping the run%n", timeLimitSeconds);
      progress.flush();
      run[0].stop();
      summary = completion.get(EventLoopDriver.ROUND_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    JsonObject counters = admin.confluenceCounters();
    remover.close();
    long requests = counters.getLong("requests", 0L);
    long answered429 = counters.getJsonObject("statuses", new JsonObject()).getLong("429", 0L);
    return new Round(summary.total(), summary.removed(), summary.failed(), summary.retries(), requests,
        answered429, (end[0] - start[0]) / 1e9, summary.stopped());
  }
}
