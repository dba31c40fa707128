package dev.membership.core.internal;

import dev.membership.core.BulkRemoval;
import dev.membership.core.BulkSummary;
import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import dev.membership.core.RejectionReason;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalTracer;
import dev.membership.core.RemovalResult;
import dev.membership.core.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bulk run: takes a membership from the source only when fewer than {@code maxConcurrency} of its memberships
 * are in flight or awaiting the acknowledgement of their result, so nothing else is held in memory. All state is
 * touched on one Vert.x context.
 */
final class BulkRun implements BulkRemoval {

  private static final Logger LOG = LoggerFactory.getLogger(BulkRun.class);

  /** Where memberships come from. */
  abstract static class Source {
    BulkRun run;

    /** Called once on the run's context before any pull. */
    void open(BulkRun run) {
      this.run = run;
    }

    /** Delivers at most one membership to {@link BulkRun#accept}, now or later, or signals the end. */
    abstract void pullOne();

    /** The run has finished: nothing more is to be delivered. */
    void close() {}

    static Source of(Iterator<? extends Membership> iterator) {
      return new Source() {
        @Override
        void pullOne() {
          Membership next;
          try {
            if (!iterator.hasNext()) {
              run.sourceEnded();
              return;
            }
            next = iterator.next();
          } catch (RuntimeException e) {
            run.sourceFailed(e);
            return;
          }
          run.accept(next);
        }
      };
    }

    static Source of(ReadStream<? extends Membership> stream) {
      return new Source() {
        @Override
        void open(BulkRun run) {
          super.open(run);
          stream.pause();
          // The stream calls back on its own context, which need not be the run's.
          stream.exceptionHandler(failure -> run.onContext(() -> run.sourceFailed(failure)));
          stream.endHandler(ignored -> run.onContext(run::sourceEnded));
          stream.handler(membership -> run.onContext(() -> run.accept(membership)));
        }

        @Override
        void pullOne() {
          stream.fetch(1);
        }

        @Override
        void close() {
          // Paused with no demand and no handler: what it has not delivered stays in it, not taken.
          stream.pause();
          stream.handler(null);
          stream.endHandler(null);
          stream.exceptionHandler(null);
        }
      };
    }
  }

  private final Context context;
  private final DefaultMembershipRemover remover;
  private final Scheduler scheduler;
  private final int maxConcurrency;
  private final Source source;
  private final Function<? super RemovalResult, ? extends Future<?>> results;
  private final Promise<BulkSummary> completion = Promise.promise();
  private final long startNanos;

  private long position;
  /** Memberships taken and not yet acknowledged: in flight, or their result not yet acknowledged. */
  private int held;
  private int demand;
  private boolean pumping;
  private boolean ended;
  /** Set from any thread by {@link #stop()}; everything else is touched on the run's context only. */
  private volatile boolean stopped;
  private boolean finished;
  private Throwable inputFailure;
  /** Memberships a stream delivered past its demand, taken in order as slots free up. */
  private final ArrayDeque<Membership> overflow = new ArrayDeque<>();

  private long removed;
  private long notAMember;
  private long rejected;
  private long failed;
  private long retries;
  private final Map<RejectionReason, Long> rejectedByReason = new EnumMap<>(RejectionReason.class);

  /** What opens the spans of the run's removals: the caller's current span is their parent. */
  private final RemovalTracer.Parent traceParent;

  private BulkRun(Vertx vertx, DefaultMembershipRemover remover, Scheduler scheduler, int maxConcurrency,
      Source source, Function<? super RemovalResult, ? extends Future<?>> results) {
    this.context = vertx.getOrCreateContext();
    this.remover = remover;
    this.traceParent = remover.traceParent();
    this.scheduler = scheduler;
    this.maxConcurrency = maxConcurrency;
    this.source = source;
    this.results = results;
    this.startNanos = scheduler.nanoTime();
  }

  /** A run not started yet: {@link #start()} starts it. */
  static BulkRun create(Vertx vertx, DefaultMembershipRemover remover, Scheduler scheduler, int maxConcurrency,
      Source source, Function<? super RemovalResult, ? extends Future<?>> results) {
    return new BulkRun(vertx, remover, scheduler, maxConcurrency, source, results);
  }

  /** Opens the source and takes the first memberships, on the run's context; a run already stopped takes none. */
  void start() {
    context.runOnContext(ignored -> {
      if (finished) {
        return; // stopped, and so finished, before it started
      }
      LOG.info("bulk run started: at most {} removals in flight per provider", maxConcurrency);
      source.open(this);
      request(maxConcurrency);
    });
  }

  @Override
  public Future<BulkSummary> completion() {
    return completion.future();
  }

  @Override
  public void stop() {
    stopped = true; // seen by the next pull, whichever thread this is
    onContext(this::maybeFinish);
  }

  /** Runs {@code action} on the run's context: now if this is it, else as a task there. */
  void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  /** Asks the source for {@code n} more; re-entrant calls only add demand, so synchronous sources cannot recurse. */
  private void request(int n) {
    demand += n;
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (demand > 0 && open()) {
        demand--;
        source.pullOne();
      }
    } finally {
      pumping = false;
    }
    maybeFinish();
  }

  private boolean open() {
    return !ended && !stopped && inputFailure == null;
  }

  /** A membership from the source: taken now if a slot is free, else (a stream past its demand) kept for later. */
  void accept(Membership membership) {
    if (finished) {
      // Only a stream that delivered while the run was closing it: the run can no longer report anything.
      LOG.warn("bulk input delivered a membership after the run had finished; not taken");
      return;
    }
    if (held >= maxConcurrency) {
      overflow.add(membership);
      return;
    }
    take(membership);
  }

  private void take(Membership membership) {
    long at = position++;
    held++;
    long started = scheduler.nanoTime();
    RemovalExecutor executor;
    try {
      executor = remover.executorFor(membership);
    } catch (InvalidInputException e) {
      deliver(new RemovalResult(at, membership, null, e, 0, Duration.ZERO));
      return;
    }
    executor.remove(membership, at, started, true, traceParent, new RemovalExecutor.Completion() {
      @Override
      public void succeeded(RemovalOutcome outcome, int attempts) {
        deliver(new RemovalResult(at, membership, outcome, null, attempts, since(started)));
      }

      @Override
      public void failed(RemovalException failure, int attempts) {
        deliver(new RemovalResult(at, membership, null, failure, attempts, since(started)));
      }
    });
  }

  private Duration since(long startNanos) {
    return Duration.ofNanos(scheduler.nanoTime() - startNanos);
  }

  /**
   * Hands {@code result} to {@link #finish} on the run's context, always as a task of its own: a removal can end
   * inside {@link #take} (a closed remover, another provider), and finishing it there would take the next one
   * inside it too, nesting as deep as the input is long.
   */
  private void deliver(RemovalResult result) {
    context.runOnContext(ignored -> finish(result));
  }

  /** Counts {@code result} and hands it on; its slot is freed once the consumer acknowledges it. */
  private void finish(RemovalResult result) {
    count(result);
    Future<?> acknowledged;
    try {
      acknowledged = results.apply(result);
    } catch (RuntimeException e) {
      LOG.warn("bulk result consumer threw; ignored", e);
      acknowledged = null;
    }
    if (acknowledged == null) {
      release();
      return;
    }
    acknowledged.onComplete((ignored, failure) -> {
      if (failure != null) {
        LOG.warn("bulk result consumer failed to take a result; ignored", failure);
      }
      onContext(this::release);
    });
  }

  private void release() {
    held--;
    if (!overflow.isEmpty()) {
      take(overflow.poll());
    } else if (open()) {
      request(1);
    } else {
      maybeFinish();
    }
  }

  private void count(RemovalResult result) {
    retries += Math.max(0, result.attempts() - 1);
    if (result.failed()) {
      failed++;
      return;
    }
    RemovalOutcome outcome = result.outcome();
    if (outcome instanceof RemovalOutcome.Removed) {
      removed++;
    } else if (outcome instanceof RemovalOutcome.NotAMember) {
      notAMember++;
    } else if (outcome instanceof RemovalOutcome.Rejected r) {
      rejected++;
      rejectedByReason.merge(r.reason(), 1L, Long::sum);
    }
  }

  void sourceEnded() {
    ended = true;
    maybeFinish();
  }

  void sourceFailed(Throwable failure) {
    if (inputFailure == null) {
      LOG.warn("bulk input failed; the run takes no more memberships", failure);
      inputFailure = failure;
    }
    maybeFinish();
  }

  private void maybeFinish() {
    if (finished || held > 0 || pumping || open() || !overflow.isEmpty()) {
      return;
    }
    finished = true;
    source.close();
    remover.finished(this);
    BulkSummary summary = new BulkSummary(removed + notAMember + rejected + failed, removed, notAMember, rejected,
        failed, rejectedByReason, retries, Duration.ofNanos(scheduler.nanoTime() - startNanos), stopped && !ended,
        inputFailure);
    LOG.info("bulk run {}: {} removals in {} ms: {} removed, {} not a member, {} rejected, {} failed, {} retries",
        summary.stopped() ? "stopped" : "finished", summary.total(), summary.elapsed().toMillis(), removed,
        notAMember, rejected, failed, retries);
    completion.complete(summary);
  }
}
