package dev.membership.benchmarks;

import dev.membership.core.MembershipRemover;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Vertx;

/** {@code MembershipRemover.remove}, one call per request, in {@code concurrency} loops; no rate limit. */
final class RemoverVariant extends PooledVariant<MembershipRemover> {

  static final String NAME = "MembershipRemover.remove";


  RemoverVariant(Vertx vertx, Fixture fixture) {
    super(NAME, vertx, fixture, MembershipRemover::close);
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    MembershipRemover remover = client(concurrency);
    return driver.run(concurrency, requests,
        () -> remover.remove(fixture.membership).map(outcome -> outcome instanceof RemovalOutcome.Removed));
  }

  @Override
  MembershipRemover create(int concurrency) {
    return MembershipRemover.confluence(vertx, fixture.config,
        RemoverOptions.builder().maxConcurrency(concurrency).build());
  }
}
