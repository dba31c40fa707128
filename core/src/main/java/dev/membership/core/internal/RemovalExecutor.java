package dev.membership.core.internal;

import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.DeadlineExceededException;
import dev.membership.core.LaneState;
import dev.membership.core.Membership;
import dev.membership.core.ProviderPausedException;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalTracer;
import dev.membership.core.RemoverClosedException;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetryPolicy;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes memberships through one provider. Each removal waits for one of the provider's slots
 * ({@link Admission}), takes a permit of the provider's {@link Lane} for each attempt, bounds the attempt with one
 * timer, and retries what the policy allows: after a backoff, or, when the provider refused it ({@code 429}, a
 * {@code 503} with {@code Retry-After}), as soon as the lane opens again, unless it will not wait for the lane
 * ({@link LaneWait}). No attempt starts after the deadline.
 * Every wait and timeout is a timer of the {@link Scheduler}: this class and the lane are where to look for why a
 * request waited.
 */
final class RemovalExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(RemovalExecutor.class);

  private final ProviderCall call;
  private final Admission admission;
  private final Lane lane;
  private final RetryPolicy policy;
  private final Duration deadline;
  private final long deadlineLengthNanos;
  private final Duration stallTimeout;
  private final Duration attemptTimeout;
  private final long attemptTimeoutNanos;
  private final Scheduler scheduler;
  private final RemovalListener listener;
  private final Random jitter;
  private final String name;
  /** The HTTP status with which the provider refused the credentials, or 0: then nothing more is sent to it. */
  private volatile int credentialsRefused;

  RemovalExecutor(ProviderCall call, RemoverOptions options, Scheduler scheduler, SharedLane shared) {
    this.call = call;
    this.admission = new Admission(options.maxConcurrency());
    this.lane = new Lane(call.provider(), options.rateLimit(call.provider()),
        options.retryPolicy().maxRetryAfter(), options.stallTimeout(), scheduler, options.listener(), shared);
    this.policy = options.retryPolicy();
    this.deadline = options.deadline();
    this.deadlineLengthNanos = saturatedNanos(deadline);
    this.stallTimeout = options.stallTimeout();
    this.attemptTimeout = options.attemptTimeout();
    this.attemptTimeoutNanos = saturatedNanos(attemptTimeout);
    this.scheduler = scheduler;
    this.listener = options.listener();
    this.jitter = new Random(options.jitterSeed());
    this.name = call.provider().key();
  }

  /**
   * Admits no removal from now on and stops the lane; returns every removal waiting or in flight, which the
   * caller ends.
   */
  List<Admission.Entrant> stop() {
    lane.stop();
    return admission.close();
  }

  LaneState lane() {
    return credentialsRefused != 0 ? refusedState() : lane.state();
  }

  private LaneState refusedState() {
    return new LaneState(call.provider(), LaneState.Status.CLOSED, null, "unauthorized", 0);
  }

  /** The provider refused the credentials with {@code status}: nothing is sent to it from now on. True the first time. */
  private synchronized boolean refuseCredentials(int status) {
    if (credentialsRefused != 0) {
      return false;
    }
    credentialsRefused = status;
    return true;
  }

  /**
   * After the first refusal of the credentials: says so, and fails every removal waiting for a slot, a permit or a
   * retry without sending it. Requests in flight finish.
   */
  private void stopForCredentials(int status, boolean byTokenEndpoint) {
    lane.stop(); // its waiters are ended below; answers still in flight no longer move it
    LOG.warn("{}{} refused the credentials (HTTP {}): no more requests go to it, and its remaining removals fail "
        + "without being sent", name, byTokenEndpoint ? "'s token endpoint" : "", status);
    safely(() -> listener.onLaneChange(refusedState()));
    for (Admission.Entrant entrant : admission.drain()) {
      ((Run) entrant).refused();
    }
  }

  /** The failure of a removal not sent because the credentials were refused. */
  private CredentialsRejectedException notSent(int lastStatus, int attempts) {
    return new CredentialsRejectedException(call.provider(), lastStatus, attempts, false, List.of());
  }

  Future<Void> close() {
    return call.close();
  }

  /** Where the end of one removal goes: exactly one of {@code succeeded} and {@code failed} is called, once. */
  interface Completion {
    void succeeded(RemovalOutcome outcome, int attempts);

    void failed(RemovalException failure, int attempts);

    /** The removal waits for the provider's lane, closed until {@code untilNanos}. Called from any thread. */
    default void paused(long untilNanos) {}
  }

  /**
   * Removes {@code membership}, whose removal started at {@code startNanos} on the scheduler's clock: at once if a
   * slot is free, else once one is, or never if its deadline passes first. A removal of a bulk run
   * ({@code paused}) does not count the time it waits for the lane to open or give a permit against its deadline:
   * a closed lane pauses it rather than failing it. Its span and its attempts' spans are opened from {@code trace}.
   */
  void remove(Membership membership, long position, long startNanos, boolean paused, RemovalTracer.Parent trace,
      Completion completion) {
    Run run = new Run(membership, position, startNanos, paused, opened(trace), completion);
    if (credentialsRefused != 0) {
      run.end(null, notSent(0, 0));
      return;
    }
    switch (admission.enter(run)) {
      case ADMITTED -> run.admitted();
      case QUEUED -> {
        run.queued();
        // Refused between the check above and the queue: the sweep may have drained the queue before it was in.
        if (credentialsRefused != 0 && admission.withdraw(run)) {
          run.end(null, notSent(0, 0));
        }
      }
      case CLOSED -> run.end(null, new RemoverClosedException(call.provider(), 0, 0));
    }
  }

  /**
   * One removal: its wait for a slot, then its attempts one after another. Callbacks come from timers, the HTTP
   * client and the admission on any thread, so its state changes under its lock; whatever it calls out to
   * (listener, completion, the next removal, a request reset) is called outside it.
   */
  private final class Run implements Admission.Entrant, Lane.Waiter {
    final Membership membership;
    /** The membership's position in its bulk run's input, or -1 for a single removal: for the log. */
    final long position;
    final long startNanos;
    final boolean paused;
    /** Moves later by the time a paused removal waits for the lane. */
    volatile long deadlineNanos;
    final Completion completion;
    final RemovalTracer.RemovalSpan span;
    /** The pending wait, the attempt in flight, and whether the removal has ended; under the lock. */
    private Scheduler.Timer timer;
    private Exchange exchange;
    private boolean admitted;
    private boolean ended;
    private int attempts;
    private int lastStatus;
    /** The attempt waiting for a permit of the lane, and since when it (or a queued removal) waits; under the lock. */
    private int waitingAttempt;
    private long laneWaitSince;
    /** Whether a refused token was renewed for this removal already; only read and set handling an answer. */
    private boolean renewed;
    /** Whether a paused removal waits for a slot, and since when; under the lock. */
    private boolean waitingForSlot;
    private long slotWaitSince;

    Run(Membership membership, long position, long startNanos, boolean paused, RemovalTracer.RemovalSpan span,
        Completion completion) {
      this.membership = membership;
      this.span = span;
      this.position = position;
      this.startNanos = startNanos;
      this.paused = paused;
      this.deadlineNanos = saturatedAdd(startNanos, deadlineLengthNanos);
      this.completion = completion;
    }

    long remainingNanos() {
      return deadlineNanos - scheduler.nanoTime();
    }

    /**
     * Waits for a slot until the deadline; the time waited counts against the deadline only. A paused removal (a
     * bulk run's) waits without a deadline: the time it waited is added to its deadline when it gets its slot, as
     * the time it waits for its lane is.
     */
    void queued() {
      if (paused) {
        synchronized (this) {
          if (!admitted) {
            slotWaitSince = scheduler.nanoTime();
            waitingForSlot = true;
          }
        }
        return;
      }
      RemovalException unsendable = unsendable(lane.closure(), 1);
      if (unsendable != null) {
        if (admission.withdraw(this)) {
          end(null, unsendable); // it would wait for a slot, then for a lane that opens too late
        }
        return;
      }
      Scheduler.Timer waiting = scheduler.schedule(Duration.ofNanos(remainingNanos()), () -> {
        if (admission.withdraw(this)) {
          end(null, new DeadlineExceededException(call.provider(), 0, 0, deadline,
              "still waiting for one of the provider's slots (maxConcurrency)"));
        }
      });
      synchronized (this) {
        if (!admitted && !ended) {
          timer = waiting;
          return;
        }
      }
      waiting.cancel(); // admitted or ended meanwhile
    }

    @Override
    public void admitted() {
      Scheduler.Timer waiting;
      synchronized (this) {
        if (ended) {
          return; // closed between admission and now
        }
        admitted = true;
        waiting = timer;
        timer = null;
        if (waitingForSlot) {
          waitingForSlot = false;
          deadlineNanos = saturatedAdd(deadlineNanos, scheduler.nanoTime() - slotWaitSince);
        }
      }
      if (waiting != null) {
        waiting.cancel();
      }
      next(1);
    }

    /**
     * Asks the lane for a permit for attempt {@code attempt}: sends at once if it gives one, else waits for it,
     * within the deadline unless the removal is {@code paused}.
     */
    void next(int attempt) {
      if (credentialsRefused != 0) {
        end(null, notSent(lastStatus, attempt - 1));
        return;
      }
      long remaining = remainingNanos();
      if (remaining <= 0) {
        end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      synchronized (this) {
        if (ended) {
          return;
        }
        waitingAttempt = attempt;
        laneWaitSince = scheduler.nanoTime();
      }
      Lane.Permit permit = lane.acquire(this);
      if (permit != null) {
        synchronized (this) {
          waitingAttempt = 0;
        }
        send(attempt, permit);
        return;
      }
      if (paused) {
        return;
      }
      Scheduler.Timer waiting = scheduler.schedule(Duration.ofNanos(remaining), () -> {
        if (lane.withdraw(this)) {
          LaneState state = lane.state();
          end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
              state.closed() ? "the provider's lane was closed (" + state.reason() + ")"
                  : "still waiting for the rate limit's permit for attempt " + attempt));
        }
      });
      synchronized (this) {
        if (waitingAttempt == attempt && !ended) {
          timer = waiting;
          return;
        }
      }
      waiting.cancel(); // granted or ended meanwhile
    }

    @Override
    public void granted(Lane.Permit permit) {
      int attempt;
      Scheduler.Timer waiting;
      synchronized (this) {
        attempt = waitingAttempt;
        if (ended || attempt == 0) {
          attempt = 0;
          waiting = null;
        } else {
          waitingAttempt = 0;
          waiting = timer;
          timer = null;
          if (paused) {
            deadlineNanos = saturatedAdd(deadlineNanos, scheduler.nanoTime() - laneWaitSince);
          }
        }
      }
      if (attempt == 0) {
        lane.released(permit);
        return;
      }
      if (waiting != null) {
        waiting.cancel();
      }
      send(attempt, permit);
    }

    /** Runs {@code then} after {@code delay} unless the removal ends first. */
    void after(Duration delay, Runnable then) {
      synchronized (this) {
        if (ended) {
          return;
        }
        timer = scheduler.schedule(delay, () -> {
          synchronized (this) {
            if (ended) {
              return;
            }
            timer = null;
          }
          then.run();
        });
      }
    }

    /**
     * Sends attempt {@code attempt}, bounded by one timer: the attempt timeout counts from the moment the request
     * has a connection ({@link #sent}), the deadline from the start of the removal.
     */
    void send(int attempt, Lane.Permit permit) {
      if (credentialsRefused != 0) {
        lane.released(permit);
        end(null, notSent(lastStatus, attempt - 1));
        return;
      }
      long remaining = remainingNanos();
      if (remaining <= 0) {
        lane.released(permit);
        end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      Exchange sending = new Exchange(attempt, permit);
      // Opened before the exchange can be ended from elsewhere (its timer, close), which ends its span.
      sending.span = opened(span, attempt);
      boolean endedAlready;
      synchronized (this) {
        endedAlready = ended || credentialsRefused != 0;
        if (!endedAlready) {
          attempts = attempt;
          exchange = sending;
          sending.timer = scheduler.timeout(Duration.ofNanos(Math.min(attemptTimeoutNanos, remaining)),
              () -> expired(sending));
        }
      }
      if (endedAlready) {
        safely(() -> sending.span.failed("cancelled"));
        lane.released(permit); // outside the lock: releasing may let other removals go
        if (credentialsRefused != 0) {
          end(null, notSent(lastStatus, attempt - 1));
        }
        return;
      }
      safely(() -> listener.onAttempt(membership, attempt));
      try {
        call.send(membership, sending);
      } catch (RuntimeException e) {
        sending.answered(new Attempt.Unexpected(0, "", e));
      }
    }

    /** The exchange's request has a connection: the attempt's own clock starts now. */
    void sent(Exchange sent, Runnable abort) {
      synchronized (this) {
        if (exchange == sent) {
          sent.sentNanos = scheduler.nanoTime();
          sent.abort = abort;
          return;
        }
      }
      abort.run(); // given up on before its request had a connection
    }

    /** What the exchange came to; ignored once it has timed out or the removal has ended. */
    void answered(Exchange answered, Attempt result) {
      Scheduler.Timer bound;
      synchronized (this) {
        if (exchange != answered) {
          return;
        }
        exchange = null;
        bound = answered.timer;
      }
      lane.released(answered.permit); // nothing if the response head reached the lane
      safely(() -> answered.traced(result));
      handle(answered, result);
      // Cancelled only once the next wait is scheduled (or the removal has ended and let the next one in), so that
      // a virtual clock that moves only when nothing is in flight does not see this removal idle in between.
      bound.cancel();
    }

    /**
     * The exchange's timer fired: past the deadline, the removal fails; past the attempt timeout counted from
     * {@link #sent}, the attempt gives up; otherwise (its request got a connection late, or not yet) the timer is
     * armed again for what is left.
     */
    void expired(Exchange expired) {
      boolean deadlinePassed;
      synchronized (this) {
        if (exchange != expired) {
          return;
        }
        long now = scheduler.nanoTime();
        long remaining = deadlineNanos - now;
        long attemptLeft = expired.sentNanos == Exchange.NOT_SENT ? attemptTimeoutNanos
            : expired.sentNanos + attemptTimeoutNanos - now;
        deadlinePassed = remaining <= 0;
        if (!deadlinePassed && attemptLeft > 0) {
          expired.timer = scheduler.timeout(Duration.ofNanos(Math.min(attemptLeft, remaining)),
              () -> expired(expired));
          return;
        }
        exchange = null;
      }
      expired.abort();
      lane.released(expired.permit);
      safely(() -> expired.span.failed("timeout"));
      handle(expired, deadlinePassed ? null : new Attempt.NoResponse(new TimeoutException(
          "no complete answer within the attempt timeout of " + attemptTimeout.toMillis() + " ms")));
    }

    /** Carries out what {@link RetryDecision} makes of the exchange's result (null: the deadline passed). */
    void handle(Exchange exchange, Attempt result) {
      int attempt = exchange.attempt;
      Answer head = exchange.answer;
      Lane.Closure closure = result instanceof Attempt.Retryable ? lane.closure() : null;
      Duration drawn = RetryDecision.backsOff(result, head) ? backoff(attempt) : Duration.ZERO;
      RetryDecision decision = RetryDecision.of(result, head, attempt, new RetryDecision.Facts(call.provider(),
          policy, deadline, deadlineNanos, paused, lastStatus, renewed), closure, drawn, scheduler.nanoTime());
      if (decision instanceof RetryDecision.Done done) {
        end(done.outcome(), null);
      } else if (decision instanceof RetryDecision.Fail fail) {
        end(null, fail.failure());
      } else if (decision instanceof RetryDecision.Renew renew) {
        renewed = true;
        lastStatus = renew.status();
        LOG.debug("{} attempt {}: HTTP {} to the access token; sending again with a renewed one", name, attempt,
            renew.status());
        next(attempt + 1);
      } else if (decision instanceof RetryDecision.RefuseCredentials refusal) {
        boolean first = refuseCredentials(refusal.status());
        if (!refusal.byTokenEndpoint()) {
          lastStatus = refusal.status();
        }
        end(null, refusal.failure());
        if (first) {
          stopForCredentials(refusal.status(), refusal.byTokenEndpoint());
        }
      } else if (decision instanceof RetryDecision.Retry retry) {
        if (retry.status() > 0) {
          lastStatus = retry.status();
        }
        if (LOG.isDebugEnabled()) {
          LOG.debug("{} {}attempt {} of {}: {}; retrying in {} ms", name,
              position >= 0 ? "input position " + position + ", " : "", attempt, policy.maxAttempts(),
              retry.status() == 0 ? "no response" : "HTTP " + retry.status(), retry.delay().toMillis());
        }
        safely(() -> listener.onRetry(membership, attempt, retry.status(), retry.delay()));
        if (retry.atLane()) {
          next(attempt + 1);
        } else {
          after(retry.delay(), () -> next(attempt + 1));
        }
      }
    }

    /** Why this removal does not wait for {@code closure} to send attempt {@code attempt}, or null. */
    RemovalException unsendable(Lane.Closure closure, int attempt) {
      return LaneWait.unsendable(closure, paused, deadlineNanos, call.provider(), lastStatus, attempt, deadline);
    }

    /**
     * No permit came for the stall timeout while this removal waited: a bulk run's removal ends, not sent; one with
     * a deadline waits on within it.
     */
    @Override
    public void stalled() {
      int made;
      synchronized (this) {
        if (ended || !paused) {
          return;
        }
        made = attempts;
      }
      if (!lane.withdraw(this)) {
        return; // granted meanwhile
      }
      end(null, ProviderPausedException.stalled(call.provider(), lastStatus, made, stallTimeout));
    }

    /** The lane is closed while this removal waits for a permit: it ends now if it will not wait for it. */
    @Override
    public void closed(Lane.Closure closure) {
      int attempt;
      synchronized (this) {
        attempt = ended ? 0 : waitingAttempt;
      }
      if (attempt == 0) {
        return; // granted, or ended, meanwhile
      }
      RemovalException failure = unsendable(closure, attempt);
      if (failure == null) {
        completion.paused(closure.untilNanos());
      } else if (lane.withdraw(this)) {
        end(null, failure);
      }
    }

    @Override
    public void closed() {
      end(null, new RemoverClosedException(call.provider(), lastStatus, attempts));
    }

    /**
     * The credentials were refused: a removal waiting (for a slot, a permit, a retry) or whose request has no
     * connection yet ends now, not sent (again); one whose request is on a connection lets it finish, and one
     * whose answer is being handled is left to it (the checks in {@link #next} and {@link #send} stop it there).
     */
    void refused() {
      int made;
      synchronized (this) {
        boolean waiting = !admitted || waitingAttempt != 0 || timer != null;
        boolean unsent = exchange != null && exchange.sentNanos == Exchange.NOT_SENT;
        if (ended || !(waiting || unsent)) {
          return;
        }
        made = attempts;
      }
      end(null, notSent(lastStatus, made));
    }

    /**
     * Ends the removal with exactly one of {@code outcome} and {@code failure}; later calls do nothing. Whatever
     * is still pending (a wait, an exchange in flight) is cancelled and reset.
     */
    void end(RemovalOutcome outcome, RemovalException failure) {
      int made;
      Scheduler.Timer pending;
      Exchange inFlight;
      boolean waitingForLane;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
        waitingForLane = waitingAttempt != 0;
        pending = timer;
        inFlight = exchange;
        timer = null;
        exchange = null;
        made = attempts;
      }
      if (pending != null) {
        pending.cancel();
      }
      if (inFlight != null) {
        safely(() -> inFlight.span.failed("cancelled"));
        inFlight.abort();
        if (inFlight.timer != null) {
          inFlight.timer.cancel();
        }
        lane.released(inFlight.permit);
      }
      if (waitingForLane) {
        lane.withdraw(this);
      }
      Duration latency = Duration.ofNanos(scheduler.nanoTime() - startNanos);
      if (outcome != null) {
        safely(() -> span.succeeded(outcome, made));
        safely(() -> listener.onOutcome(membership, outcome, made, latency));
      } else {
        safely(() -> span.failed(failure, made));
        safely(() -> listener.onFailure(membership, failure, latency));
        LOG.debug("{} removal failed: {}", name, failure.getMessage());
      }
      admission.leave(this);
      if (outcome != null) {
        completion.succeeded(outcome, made);
      } else {
        completion.failed(failure, made);
      }
    }

    /** One attempt's HTTP exchange: the generated client's result handler, told when the request goes out. */
    private final class Exchange implements ProviderCall.Exchange {
      static final long NOT_SENT = Long.MIN_VALUE;

      final int attempt;
      final Lane.Permit permit;
      /** Under the Run's lock: the timer bounding the exchange, when it got a connection, how to reset it. */
      Scheduler.Timer timer;
      long sentNanos = NOT_SENT;
      Runnable abort;
      /** The answer's head, read once, or null before one came; set before the result is handled. */
      volatile Answer answer;
      /** The attempt's span, set before the request goes out; ended by whichever ends the exchange. */
      RemovalTracer.AttemptSpan span;

      Exchange(int attempt, Lane.Permit permit) {
        this.attempt = attempt;
        this.permit = permit;
      }

      @Override
      public void sent(Runnable abort) {
        Run.this.sent(this, abort);
      }

      @Override
      public void responded(int status, MultiMap headers) {
        Instant now = scheduler.now();
        Answer read = Answer.of(status, headers, now);
        this.answer = read;
        lane.answered(permit, read, now);
      }

      @Override
      public void answered(Attempt result) {
        Run.this.answered(this, result);
      }

      /** Ends the attempt's span with what it came to. */
      void traced(Attempt result) {
        if (result instanceof Attempt.NoResponse noResponse) {
          span.failed(noResponse.noToken() ? "token" : errorType(noResponse.cause()));
        } else if (answer != null) {
          span.answered(answer.status());
        } else if (result instanceof Attempt.Unauthorized unauthorized && unauthorized.byTokenEndpoint()) {
          span.failed("token");
        } else {
          span.failed(result instanceof Attempt.Unexpected unexpected ? errorType(unexpected.cause())
              : "_OTHER");
        }
      }

      /** Resets the request if it has a connection; if it has none yet, {@link Run#sent} resets it when it does. */
      void abort() {
        Runnable reset;
        synchronized (Run.this) {
          reset = abort;
        }
        if (reset != null) {
          reset.run();
        }
      }
    }
  }

  /** {@code duration} in nanoseconds, at most {@link Long#MAX_VALUE} (some 292 years). */
  private static long saturatedNanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toNanos();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(attempt-1))]. */
  private Duration backoff(int attempt) {
    double ceiling = Math.min((double) policy.maxBackoff().toNanos(),
        policy.initialBackoff().toNanos() * Math.pow(2, attempt - 1));
    long nanos;
    synchronized (jitter) {
      nanos = (long) (jitter.nextDouble() * ceiling);
    }
    return Duration.ofNanos(nanos);
  }

  private void safely(Runnable notification) {
    try {
      notification.run();
    } catch (RuntimeException e) {
      LOG.warn("removal listener or tracer threw; ignored", e);
    }
  }

  /** The span of a removal, or none if the tracer throws. */
  private RemovalTracer.RemovalSpan opened(RemovalTracer.Parent trace) {
    try {
      return trace.removal(call.provider());
    } catch (RuntimeException e) {
      LOG.warn("removal tracer threw; this removal has no span", e);
      return RemovalTracer.none().parent().removal(call.provider());
    }
  }

  /** The span of attempt {@code attempt} under {@code removal}, or none if the tracer throws. */
  private RemovalTracer.AttemptSpan opened(RemovalTracer.RemovalSpan removal, int attempt) {
    try {
      return removal.attempt(attempt, call.target());
    } catch (RuntimeException e) {
      LOG.warn("removal tracer threw; this attempt has no span", e);
      return RemovalTracer.none().parent().removal(call.provider()).attempt(attempt, call.target());
    }
  }

  /** The class name of {@code failure} (of the original, for a redacted copy), for a span's {@code error.type}. */
  private static String errorType(Throwable failure) {
    return failure == null ? "_OTHER" : failure instanceof Redactor.RedactedException redacted
        ? redacted.originalClass : failure.getClass().getName();
  }
}
