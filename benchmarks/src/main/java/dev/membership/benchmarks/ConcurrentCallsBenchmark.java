package dev.membership.benchmarks;

import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 4: the usual way a service removes many members, {@code Future.all} over one {@code remove()} per
 * membership, all at once, with default options, against a sandbox that answers after a fixed latency. Every
 * request beyond one per removal would spend a real provider's rate-limit quota.
 */
final class ConcurrentCallsBenchmark {

  /** What one run came to. */
  record Result(int removals, long requests, long retries, long failed, double elapsedSeconds,
      double slowestSeconds, long latencyMillis) {

    double requestsPerRemoval() {
      return (double) requests / removals;
    }
  }

  private final Vertx vertx;
  private final Fixture fixture;
  private final SandboxAdmin admin;
  private final int removals;
  private final long latencyMillis;
  private final PrintWriter progress;

  ConcurrentCallsBenchmark(Vertx vertx, Fixture fixture, SandboxAdmin admin, int removals, long latencyMillis,
      PrintWriter progress) {
    this.vertx = vertx;
    this.fixture = fixture;
    this.admin = admin;
    this.removals = removals;
    this.latencyMillis = latencyMillis;
    this.progress = progress;
  }

  Result run() throws Exception {
    progress.printf("concurrent calls: %,d remove() at once, %d ms latency%n", removals, latencyMillis);
    progress.flush();
    AtomicLong retries = new AtomicLong();
    AtomicLong slowestNanos = new AtomicLong();
    RemovalListener listener = new RemovalListener() {
      @Override
      public void onRetry(Membership m, int attempt, int status, Duration delay) {
        retries.incrementAndGet();
      }

      @Override
      public void onOutcome(Membership m, RemovalOutcome outcome, int attempts, Duration latency) {
        slowestNanos.accumulateAndGet(latency.toNanos(), Math::max);
      }

      @Override
      public void onFailure(Membership m, RemovalException failure, Duration latency) {
        slowestNanos.accumulateAndGet(latency.toNanos(), Math::max);
      }
    };
    MembershipRemover remover = MembershipRemover.confluence(vertx, fixture.config,
        RemoverOptions.builder().listener(listener).build());
    admin.latency(latencyMillis);
    try {
      admin.resetCounters();
      long start = System.nanoTime();
      List<Future<RemovalOutcome>> calls = new ArrayList<>(removals);
      for (int i = 0; i < removals; i++) {
        calls.add(remover.remove(fixture.membership));
      }
      Future.join(calls).toCompletionStage().toCompletableFuture()
          .get(EventLoopDriver.ROUND_LIMIT_SECONDS, TimeUnit.SECONDS);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long failed = calls.stream().filter(Future::failed).count();
      long requests = admin.confluenceCounters().requests();
      return new Result(removals, requests, retries.get(), failed, elapsed, slowestNanos.get() / 1e9,
          latencyMillis);
    } finally {
      admin.faultsOff();
      remover.close();
    }
  }
}
