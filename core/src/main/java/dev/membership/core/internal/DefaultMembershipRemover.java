package dev.membership.core.internal;

import dev.membership.core.BulkRemoval;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.CapillaryCredentials;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.InvalidInputException;
import dev.membership.core.LaneState;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.Provider;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalTracer;
import dev.membership.core.RemoverClosedException;
import dev.membership.core.RemovalResult;
import dev.membership.core.RemoverOptions;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/** The one implementation of {@link MembershipRemover}: one executor per configured provider. */
public final class DefaultMembershipRemover implements MembershipRemover {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefaultMembershipRemover.class);

  private final Vertx vertx;
  private final RemoverOptions options;
  private final Scheduler scheduler;
  private final Map<Provider, RemovalExecutor> executors = new EnumMap<>(Provider.class);
  private final Set<BulkRun> bulkRuns = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private DefaultMembershipRemover(Vertx vertx, CapillaryConfig capillary, ConfluenceConfig confluence,
      RemoverOptions options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    this.options = Objects.requireNonNull(options, "options == null");
    this.scheduler = options.scheduler() != null ? options.scheduler() : Scheduler.of(vertx);
    SharedLane.Health health = new SharedLane.Health(scheduler, options.expectedReplicas());
    // Checked before any client is made: a shared limit without a rate to share is a configuration error.
    CapillaryCredentials capillaryCredentials = capillary == null ? null : capillary.credentials();
    // An API client's lane is its key's; a caller's token source's, the site's.
    SharedLane capillaryLane = capillary == null ? null : capillaryCredentials.isOAuth()
        ? SharedLane.of(options, Provider.CAPILLARY, capillary.baseUrl(), capillaryCredentials.clientKey(),
            capillaryCredentials.clientSecret(), health)
        : SharedLane.of(options, Provider.CAPILLARY, capillary.baseUrl(), capillaryCredentials.username(),
            capillaryCredentials.passwordMd5(), health);
    // An OAuth token changes: its lane is the site's.
    ConfluenceCredentials.Basic basic = confluence != null
        && confluence.credentials() instanceof ConfluenceCredentials.Basic b ? b : null;
    SharedLane confluenceLane = confluence == null ? null : SharedLane.of(options, Provider.CONFLUENCE,
        confluence.baseUrl(), basic == null ? null : basic.email(), basic == null ? null : basic.apiToken(), health);
    if (capillary != null) {
      executors.put(Provider.CAPILLARY,
          new RemovalExecutor(new CapillaryCall(vertx, capillary, options, scheduler), options, scheduler, capillaryLane));
    }
    if (confluence != null) {
      executors.put(Provider.CONFLUENCE,
          new RemovalExecutor(new ConfluenceCall(vertx, confluence, options, scheduler), options, scheduler, confluenceLane));
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
    Promise<RemovalOutcome> promise = Promise.promise();
    executor.remove(membership, -1, scheduler.nanoTime(), false, traceParent(), new RemovalExecutor.Completion() {
      @Override
      public void succeeded(RemovalOutcome outcome, int attempts) {
        promise.complete(outcome);
      }

      @Override
      public void failed(RemovalException failure, int attempts) {
        promise.fail(failure);
      }
    });
    return promise.future();
  }

  /** Called on the thread that asks for removals: the parent of their spans. */
  RemovalTracer.Parent traceParent() {
    try {
      return options.tracer().parent();
    } catch (RuntimeException e) {
      LOG.warn("removal tracer threw; these removals have no span", e);
      return RemovalTracer.none().parent();
    }
  }

  RemovalExecutor executorFor(Membership membership) {
    if (membership == null) {
      throw new InvalidInputException("membership", "is required");
    }
    RemovalExecutor executor = executors.get(membership.provider());
    if (executor == null) {
      throw new InvalidInputException("membership", "is a " + membership.provider().key()
          + " membership, but this remover serves only " + executors.keySet());
    }
    return executor;
  }

  @Override
  public BulkRemoval removeAll(Iterator<? extends Membership> memberships, Consumer<? super RemovalResult> results) {
    Objects.requireNonNull(memberships, "memberships == null");
    return start(BulkRun.Source.of(memberships), acknowledgedAtOnce(results));
  }

  @Override
  public BulkRemoval removeAll(ReadStream<? extends Membership> memberships,
      Consumer<? super RemovalResult> results) {
    Objects.requireNonNull(memberships, "memberships == null");
    return start(BulkRun.Source.of(memberships), acknowledgedAtOnce(results));
  }

  @Override
  public BulkRemoval removeAllAcknowledged(Iterator<? extends Membership> memberships,
      Function<? super RemovalResult, ? extends Future<?>> results) {
    Objects.requireNonNull(memberships, "memberships == null");
    Objects.requireNonNull(results, "results == null");
    return start(BulkRun.Source.of(memberships), results);
  }

  @Override
  public BulkRemoval removeAllAcknowledged(ReadStream<? extends Membership> memberships,
      Function<? super RemovalResult, ? extends Future<?>> results) {
    Objects.requireNonNull(memberships, "memberships == null");
    Objects.requireNonNull(results, "results == null");
    return start(BulkRun.Source.of(memberships), results);
  }

  private static Function<RemovalResult, Future<?>> acknowledgedAtOnce(Consumer<? super RemovalResult> results) {
    Objects.requireNonNull(results, "results == null");
    return result -> {
      results.accept(result);
      return null;
    };
  }

  private BulkRemoval start(BulkRun.Source source, Function<? super RemovalResult, ? extends Future<?>> results) {
    BulkRun run = BulkRun.create(vertx, this, scheduler, options.maxConcurrency(), source, results);
    // Known before it starts, so that a close() from now on stops it; stopped before it starts if closed already.
    bulkRuns.add(run);
    if (closed) {
      run.stop();
    }
    run.start();
    return run;
  }

  /** A bulk run has completed. */
  void finished(BulkRun run) {
    bulkRuns.remove(run);
  }

  /**
   * Stops every bulk run, ends every removal waiting for a slot or in flight with {@link RemoverClosedException},
   * then closes the connection pools.
   */
  @Override
  public Future<Void> close() {
    closed = true; // first, so that a run started from now on is stopped
    List<Admission.Entrant> ended = new java.util.ArrayList<>();
    executors.values().forEach(executor -> ended.addAll(executor.stop()));
    bulkRuns.forEach(BulkRun::stop);
    ended.forEach(Admission.Entrant::closed);
    return Future.all(executors.values().stream().map(RemovalExecutor::close).toList()).mapEmpty();
  }

  @Override
  public List<LaneState> lanes() {
    return executors.values().stream().map(RemovalExecutor::lane).toList();
  }

  @Override
  public String toString() {
    return "MembershipRemover" + executors.keySet();
  }
}
