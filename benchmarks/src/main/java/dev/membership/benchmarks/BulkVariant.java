package dev.membership.benchmarks;

import dev.membership.core.BulkSummary;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

/**
 * {@code MembershipRemover.removeAll} over an iterator of {@code requests} memberships with
 * {@code maxConcurrency = concurrency}; latency is each result's own. No rate limit.
 */
final class BulkVariant extends PooledVariant<MembershipRemover> {

  static final String NAME = "MembershipRemover.removeAll";


  BulkVariant(Vertx vertx, Fixture fixture) {
    super(NAME, vertx, fixture, MembershipRemover::close);
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    MembershipRemover remover = client(concurrency);
    long[] latencies = new long[requests];
    String[] firstError = new String[1];
    long[] start = new long[1];
    long[] end = new long[1];
    ThreadMeter[] meter = new ThreadMeter[1];
    long[] cost = new long[2];
    Promise<BulkSummary> done = Promise.promise();
    // Started on the driver's context, like the other Vert.x variants: the run keeps to that event loop.
    driver.context().runOnContext(ignored -> {
      meter[0] = ThreadMeter.start();
      start[0] = System.nanoTime();
      remover.removeAll(Collections.nCopies(requests, fixture.membership).iterator(), result -> {
        latencies[(int) result.position()] = result.latency().toNanos();
        if (result.failed() && firstError[0] == null) {
          firstError[0] = String.valueOf(result.failure());
        }
      }).completion().onComplete(result -> {
        end[0] = System.nanoTime();
        cost[0] = meter[0].cpuNanos();
        cost[1] = meter[0].allocatedBytes();
        done.handle(result);
      });
    });
    BulkSummary summary = done.future().toCompletionStage().toCompletableFuture()
        .get(EventLoopDriver.ROUND_LIMIT_SECONDS, TimeUnit.SECONDS);
    long elapsed = end[0] - start[0];
    if (summary.total() != requests) {
      throw new IllegalStateException("bulk run finished " + summary.total() + " of " + requests);
    }
    long rejected = summary.rejected();
    return new Round(requests, summary.failed() + rejected, firstError[0] != null ? firstError[0]
        : rejected > 0 ? "rejected: " + summary.rejectedByReason() : null, elapsed, latencies, cost[0], cost[1]);
  }

  @Override
  MembershipRemover create(int concurrency) {
    return MembershipRemover.confluence(vertx, fixture.config,
        RemoverOptions.builder().maxConcurrency(concurrency).build());
  }
}
