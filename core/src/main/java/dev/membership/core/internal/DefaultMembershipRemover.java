package dev.membership.core.internal;

import dev.membership.core.BulkRemoval;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.Provider;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalResult;
import dev.membership.core.RemoverOptions;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/** The one implementation of {@link MembershipRemover}: one executor per configured provider. */
public final class DefaultMembershipRemover implements MembershipRemover {

  private final Vertx vertx;
  private final RemoverOptions options;
  private final Scheduler scheduler;
  private final Map<Provider, RemovalExecutor> executors = new EnumMap<>(Provider.class);

  private DefaultMembershipRemover(Vertx vertx, CapillaryConfig capillary, ConfluenceConfig confluence,
      RemoverOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.scheduler = options.scheduler() != null ? options.scheduler() : Scheduler.of(vertx);
    if (capillary != null) {
      executors.put(Provider.CAPILLARY,
          new RemovalExecutor(vertx, new CapillaryCall(vertx, capillary, options), options, scheduler));
    }
    if (confluence != null) {
      executors.put(Provider.CONFLUENCE,
          new RemovalExecutor(vertx, new ConfluenceCall(vertx, confluence, options), options, scheduler));
    }
  }

  /** Creates a remover for the providers whose configuration is not null. */
  public static MembershipRemover create(Vertx vertx, CapillaryConfig capillary, ConfluenceConfig confluence,
      RemoverOptions options) {
    return new DefaultMembershipRemover(vertx, capillary, confluence, options);
  }

  @Override
  public Future<RemovalOutcome> remove(Membership membership) {
    RemovalExecutor executor;
    try {
      executor = executorFor(membership);
    } catch (InvalidInputException e) {
      return Future.failedFuture(e);
    }
    return executor.remove(membership);
  }

  RemovalExecutor executorFor(Membership membership) {
    if (membership == null) {
      throw new InvalidInputException("membership", "is required");
    }
    RemovalExecutor executor = executors.get(membership.provider());
    if (executor == null) {
      throw new InvalidInputException("membership", "is a " + membership.provider().name().toLowerCase(java.util.Locale.ROOT)
          + " membership, but this remover serves only " + executors.keySet());
    }
    return executor;
  }

  @Override
  public BulkRemoval removeAll(Iterator<? extends Membership> memberships, Consumer<? super RemovalResult> results) {
    Objects.requireNonNull(memberships, "memberships == null");
    Objects.requireNonNull(results, "results == null");
    return BulkRun.start(vertx, this, scheduler, options.maxConcurrency(), BulkRun.Source.of(memberships), results);
  }

  @Override
  public BulkRemoval removeAll(ReadStream<? extends Membership> memberships,
      Consumer<? super RemovalResult> results) {
    Objects.requireNonNull(memberships, "memberships == null");
    Objects.requireNonNull(results, "results == null");
    return BulkRun.start(vertx, this, scheduler, options.maxConcurrency(), BulkRun.Source.of(memberships), results);
  }

  @Override
  public Future<Void> close() {
    return Future.all(executors.values().stream().map(RemovalExecutor::close).toList()).mapEmpty();
  }

  @Override
  public String toString() {
    return "MembershipRemover" + executors.keySet();
  }
}
