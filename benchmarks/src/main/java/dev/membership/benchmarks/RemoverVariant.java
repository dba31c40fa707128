package dev.membership.benchmarks;

import dev.membership.core.MembershipRemover;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/** {@code MembershipRemover.remove}, one call per request, in {@code concurrency} loops; no rate limit. */
final class RemoverVariant implements Variant {

  static final String NAME = "MembershipRemover.remove";

  private final Vertx vertx;
  private final Fixture fixture;
  private final EventLoopDriver driver;
  private final Map<Integer, MembershipRemover> removers = new HashMap<>();

  RemoverVariant(Vertx vertx, Fixture fixture) {
    this.vertx = vertx;
    this.fixture = fixture;
    this.driver = new EventLoopDriver(vertx);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    MembershipRemover remover = removers.computeIfAbsent(concurrency, c -> MembershipRemover.confluence(vertx,
        fixture.config, RemoverOptions.builder().maxConcurrency(c).build()));
    return driver.run(concurrency, requests,
        () -> remover.remove(fixture.membership).map(outcome -> outcome instanceof RemovalOutcome.Removed));
  }

  @Override
  public void close() {
    removers.values().forEach(MembershipRemover::close);
  }
}
