package dev.membership.core.internal;

import dev.membership.core.BulkRemoval;
import dev.membership.core.BulkStoppedException;
import dev.membership.core.BulkSummary;
import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.ProviderPausedException;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bulk run: takes a membership from the source only when fewer than {@code maxConcurrency} of its memberships
 * to providers that are not paused are under way or awaiting the acknowledgement of their result. While a
 * provider's lane is closed, its memberships do not count, so the run reads on and the other providers' memberships
 * go on; what it reads for a provider that has {@code maxConcurrency} under way it holds aside, at most
 * {@value #MAX_ASIDE} in all, and starts as that provider's memberships end. Once a removal fails because nothing
 * could be sent to its provider for the stall timeout, the run stops that provider: its held and later memberships
 * fail unsent; so, too, once one fails because its provider asked for a longer wait than the remover waits. All
 * state is touched on one Vert.x context.
 */
final class BulkRun implements BulkRemoval {

  private static final Logger LOG = LoggerFactory.getLogger(BulkRun.class);

  /** The most memberships a run holds aside, read but not started, while their provider cannot take them yet. */
  static final int MAX_ASIDE = 1000;

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

  /** The position the next membership read gets. */
  private long position;
  /** Each provider's part of the run; the null key holds the memberships that name no provider. */
  private final Map<Provider, Share> shares = new HashMap<>();
  /** Memberships held aside, in all the shares. */
  private int aside;
  /** Memberships asked of the source and not delivered yet. */
  private int asked;
  private boolean pumping;
  private boolean ended;
  /** Set from any thread by {@link #stop()}; everything else is touched on the run's context only. */
  private volatile boolean stopped;
  private boolean finished;
  private Throwable inputFailure;

  private long removed;
  private long notAMember;
  private long rejected;
  private long failed;
  private long retries;
  private final Map<RejectionReason, Long> rejectedByReason = new EnumMap<>(RejectionReason.class);

  /** What opens the spans of the run's removals: the caller's current span is their parent. */
  private final RemovalTracer.Parent traceParent;

  /** A membership read and its position in the input. */
  private record Read(long position, Membership membership) {}

  /** One provider's part of the run. */
  private static final class Share {
    /** Memberships started and not yet acknowledged. */
    int active;
    /** Memberships read and not started: the provider has {@code maxConcurrency} under way. */
    final ArrayDeque<Read> held = new ArrayDeque<>();
    /** Until when a closure of the provider's lane that the run's removals wait for lasts. */
    long pausedUntilNanos;
    /** Why the run sends nothing more to the provider (it is paused beyond a bound, or stalled), or null. */
    ProviderPausedException stopped;

    Share(long now) {
      this.pausedUntilNanos = now;
    }

    boolean paused(long now) {
      return now - pausedUntilNanos < 0;
    }
  }

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
      pump();
    });
  }

  @Override
  public Future<BulkSummary> completion() {
    return completion.future();
  }

  @Override
  public void stop() {
    stopped = true; // seen by the next pull, whichever thread this is
    onContext(() -> {
      for (Share share : shares.values()) {
        while (!share.held.isEmpty()) {
          aside--;
          stopUnsent(share, share.held.poll());
        }
      }
      maybeFinish();
    });
  }

  /** Runs {@code action} on the run's context: now if this is it, else as a task there. */
  void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  /**
   * Asks the source for memberships while the run has room for them; re-entrant calls return, so synchronous
   * sources cannot recurse.
   */
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (open() && asked < room()) {
        asked++;
        source.pullOne();
      }
    } finally {
      pumping = false;
    }
    maybeFinish();
  }

  /**
   * How many memberships the run would take now: up to {@code maxConcurrency} under way to providers that are not
   * paused, while fewer than {@link #MAX_ASIDE} are held aside.
   */
  private int room() {
    if (aside >= MAX_ASIDE) {
      return 0;
    }
    long now = scheduler.nanoTime();
    int flowing = 0;
    for (Share share : shares.values()) {
      if (share.stopped != null || !share.paused(now)) {
        flowing += share.active + share.held.size();
      }
    }
    return Math.max(0, maxConcurrency - flowing);
  }

  private boolean open() {
    return !ended && !stopped && inputFailure == null;
  }

  /** A membership from the source: started now if its provider can take it, else held aside. */
  void accept(Membership membership) {
    if (finished) {
      // Only a stream that delivered while the run was closing it: the run can no longer report anything.
      LOG.warn("bulk input delivered a membership after the run had finished; not taken");
      return;
    }
    asked = Math.max(0, asked - 1); // a stream may deliver past what was asked
    Share share = shares.computeIfAbsent(membership == null ? null : membership.provider(),
        provider -> new Share(scheduler.nanoTime()));
    Read read = new Read(position++, membership);
    if (share.stopped != null || share.active < maxConcurrency) {
      start(share, read);
    } else if (stopped) {
      stopUnsent(share, read); // a stream delivering past its demand after the stop
    } else {
      share.held.add(read);
      aside++;
    }
    pump();
  }

  /** Starts the removal of {@code read}, or fails it unsent if the run stopped its provider. */
  private void start(Share share, Read read) {
    if (share.stopped != null) {
      endUnsent(share, read, share.stopped.notSent());
      return;
    }
    RemovalExecutor executor;
    try {
      executor = remover.executorFor(read.membership());
    } catch (InvalidInputException e) {
      endUnsent(share, read, e);
      return;
    }
    share.active++;
    Started started = new Started(share, read);
    executor.remove(read.membership(), read.position(), started.startNanos, true, traceParent, started);
  }

  /** Ends {@code read} without sending it, with {@code failure}; its place is freed once the result is taken. */
  private void endUnsent(Share share, Read read, RuntimeException failure) {
    share.active++;
    deliver(share, new RemovalResult(read.position(), read.membership(), null, failure, 0, Duration.ZERO));
  }

  /** Ends {@code read}, read but not started before the run was stopped. */
  private void stopUnsent(Share share, Read read) {
    if (read.membership() == null) {
      start(share, read); // fails at once as invalid
    } else {
      endUnsent(share, read, new BulkStoppedException(read.membership().provider()));
    }
  }

  /** One removal the run started, as its executor reports it. */
  private final class Started implements RemovalExecutor.Completion {
    final Share share;
    final Read read;
    final long startNanos = scheduler.nanoTime();

    Started(Share share, Read read) {
      this.share = share;
      this.read = read;
    }

    @Override
    public void succeeded(RemovalOutcome outcome, int attempts) {
      deliver(share, new RemovalResult(read.position(), read.membership(), outcome, null, attempts, since()));
    }

    @Override
    public void failed(RemovalException failure, int attempts) {
      deliver(share, new RemovalResult(read.position(), read.membership(), null, failure, attempts, since()));
    }

    @Override
    public void paused(long untilNanos) {
      onContext(() -> {
        if (untilNanos - share.pausedUntilNanos > 0) {
          share.pausedUntilNanos = untilNanos;
          pump(); // its memberships no longer count: read on for the other providers
        }
      });
    }

    private Duration since() {
      return Duration.ofNanos(scheduler.nanoTime() - startNanos);
    }
  }

  /**
   * Hands {@code result} to {@link #finish} on the run's context, always as a task of its own: a removal can end
   * inside {@link #start} (a closed remover, another provider), and finishing it there would start the next one
   * inside it too, nesting as deep as the input is long.
   */
  private void deliver(Share share, RemovalResult result) {
    context.runOnContext(ignored -> finish(share, result));
  }

  /** Counts {@code result} and hands it on; its place is freed once the consumer acknowledges it. */
  private void finish(Share share, RemovalResult result) {
    count(result);
    if (share.stopped == null && result.failure() instanceof ProviderPausedException paused) {
      stopProvider(share, paused);
    }
    Future<?> acknowledged;
    try {
      acknowledged = results.apply(result);
    } catch (RuntimeException e) {
      LOG.warn("bulk result consumer threw; ignored", e);
      acknowledged = null;
    }
    if (acknowledged == null) {
      release(share);
      return;
    }
    acknowledged.onComplete((ignored, failure) -> {
      if (failure != null) {
        LOG.warn("bulk result consumer failed to take a result; ignored", failure);
      }
      onContext(() -> release(share));
    });
  }

  private void release(Share share) {
    share.active--;
    if (!share.held.isEmpty() && share.active < maxConcurrency) {
      aside--;
      start(share, share.held.poll());
    }
    pump();
  }

  /**
   * Nothing more goes to {@code share}'s provider in this run (it asked for a longer wait than the remover waits,
   * or nothing could be sent to it for the stall timeout): its held and later memberships fail unsent.
   */
  private void stopProvider(Share share, ProviderPausedException why) {
    share.stopped = why;
    LOG.info("bulk run: no more removals go to {} in this run ({}); they fail without being sent",
        why.provider().key(), why.stalled() ? "stalled" : "paused");
    while (!share.held.isEmpty()) {
      aside--;
      start(share, share.held.poll());
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
    if (finished || pumping || open() || aside > 0 || shares.values().stream().anyMatch(share -> share.active > 0)) {
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
