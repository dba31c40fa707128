package dev.membership.core.internal;

import dev.membership.core.DeadlineExceededException;
import dev.membership.core.Membership;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverClosedException;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetriesExhaustedException;
import dev.membership.core.RetryPolicy;
import dev.membership.core.Scheduler;
import dev.membership.core.TransportFailedException;
import dev.membership.core.UnexpectedResponseException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes memberships through one provider. Each removal waits for a slot of the remover's {@link Admission},
 * paces each attempt through the provider's token bucket, bounds it with one timer, and retries what the policy
 * allows with backoff or {@code Retry-After}; no attempt starts after the deadline. Every wait and timeout is a
 * timer of the {@link Scheduler}: this class is where to look for why a request waited.
 */
final class RemovalExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(RemovalExecutor.class);

  private final ProviderCall call;
  private final Admission admission;
  private final RetryPolicy policy;
  private final Duration deadline;
  private final long deadlineLengthNanos;
  private final Duration attemptTimeout;
  private final long attemptTimeoutNanos;
  private final Scheduler scheduler;
  private final RemovalListener listener;
  private final TokenBucket bucket;
  private final Random jitter;
  private final String name;

  RemovalExecutor(ProviderCall call, Admission admission, RemoverOptions options, Scheduler scheduler) {
    this.call = call;
    this.admission = admission;
    this.policy = options.retryPolicy();
    this.deadline = options.deadline();
    this.deadlineLengthNanos = saturatedNanos(deadline);
    this.attemptTimeout = options.attemptTimeout();
    this.attemptTimeoutNanos = saturatedNanos(attemptTimeout);
    this.scheduler = scheduler;
    this.listener = options.listener();
    this.bucket = options.rateLimit(call.provider()).isUnlimited() ? null
        : new TokenBucket(options.rateLimit(call.provider()), scheduler);
    this.jitter = new Random(options.jitterSeed());
    this.name = call.provider().name().toLowerCase(Locale.ROOT);
  }

  Future<Void> close() {
    return call.close();
  }

  /** Where the end of one removal goes: exactly one of the methods is called, once. */
  interface Completion {
    void succeeded(RemovalOutcome outcome, int attempts);

    void failed(RemovalException failure, int attempts);
  }

  /**
   * Removes {@code membership}, whose removal started at {@code startNanos} on the scheduler's clock: at once if a
   * slot is free, else once one is, or never if its deadline passes first.
   */
  void remove(Membership membership, long startNanos, Completion completion) {
    Run run = new Run(membership, startNanos, completion);
    switch (admission.enter(run)) {
      case ADMITTED -> run.admitted();
      case QUEUED -> run.queued();
      case CLOSED -> run.end(null, new RemoverClosedException(call.provider(), 0, 0));
    }
  }

  /**
   * One removal: its wait for a slot, then its attempts one after another. Callbacks come from timers, the HTTP
   * client and the admission on any thread, so its state changes under its lock; whatever it calls out to
   * (listener, completion, the next removal, a request reset) is called outside it.
   */
  private final class Run implements Admission.Entrant {
    final Membership membership;
    final long startNanos;
    final long deadlineNanos;
    final Completion completion;
    /** The pending wait, the attempt in flight, and whether the removal has ended; under the lock. */
    private Scheduler.Timer timer;
    private Exchange exchange;
    private boolean admitted;
    private boolean ended;
    private int attempts;
    private int lastStatus;

    Run(Membership membership, long startNanos, Completion completion) {
      this.membership = membership;
      this.startNanos = startNanos;
      this.deadlineNanos = saturatedAdd(startNanos, deadlineLengthNanos);
      this.completion = completion;
    }

    long remainingNanos() {
      return deadlineNanos - scheduler.nanoTime();
    }

    /** Waits for a slot until the deadline; the time waited counts against the deadline only. */
    void queued() {
      Scheduler.Timer waiting = scheduler.schedule(Duration.ofNanos(remainingNanos()), () -> {
        if (admission.withdraw(this)) {
          end(null, new DeadlineExceededException(call.provider(), 0, 0, deadline,
              "still waiting for one of the remover's slots (maxConcurrency)"));
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
      }
      if (waiting != null) {
        waiting.cancel();
      }
      next(1);
    }

    /** Paces attempt {@code attempt} through the rate limit, within the deadline. */
    void next(int attempt) {
      long remaining = remainingNanos();
      if (remaining <= 0) {
        end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      long waitNanos = bucket == null ? 0 : bucket.reserve();
      if (waitNanos >= remaining) {
        end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "rate limit allows attempt " + attempt + " only after the deadline"));
      } else if (waitNanos == 0) {
        send(attempt);
      } else {
        after(Duration.ofNanos(waitNanos), () -> send(attempt));
      }
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
    void send(int attempt) {
      long remaining = remainingNanos();
      if (remaining <= 0) {
        end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      Exchange sending = new Exchange(attempt);
      synchronized (this) {
        if (ended) {
          return;
        }
        attempts = attempt;
        exchange = sending;
        sending.timer = scheduler.timeout(Duration.ofNanos(Math.min(attemptTimeoutNanos, remaining)),
            () -> expired(sending));
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
      handle(answered.attempt, result);
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
      handle(expired.attempt, deadlinePassed ? null : new Attempt.NoResponse(new TimeoutException(
          "no complete answer within the attempt timeout of " + attemptTimeout.toMillis() + " ms")));
    }

    /** Decides what attempt {@code attempt}'s result means: an outcome, a failure, or a retry; null: deadline. */
    void handle(int attempt, Attempt result) {
      if (result == null) {
        end(null, new DeadlineExceededException(call.provider(), lastStatus, attempt, deadline,
            "attempt " + attempt + " was still waiting for an answer"));
        return;
      }
      if (result instanceof Attempt.Answered answered) {
        end(answered.outcome(), null);
        return;
      }
      if (result instanceof Attempt.Unexpected unexpected) {
        end(null, new UnexpectedResponseException(call.provider(), unexpected.status(), attempt,
            unexpected.body(), unexpected.cause()));
        return;
      }
      if (result instanceof Attempt.NoResponse noResponse && noResponse.tlsFailure() != null) {
        Throwable tls = noResponse.tlsFailure();
        end(null, new TransportFailedException(call.provider(), attempt, "TLS failed, not retried: "
            + (tls.getMessage() != null ? tls.getMessage() : tls.getClass().getSimpleName()), noResponse.cause()));
        return;
      }
      Duration delay;
      boolean capped = false;
      int status = 0;
      if (result instanceof Attempt.Retryable retryable) {
        status = retryable.status();
        lastStatus = status;
        Duration asked = retryable.retryAfter() == null ? null
            : RetryAfter.atLeastOneSecond(RetryAfter.parse(retryable.retryAfter(), scheduler.now()));
        if (asked != null) {
          capped = asked.compareTo(policy.maxRetryAfter()) > 0;
          delay = capped ? policy.maxRetryAfter() : asked;
          if (capped) {
            LOG.warn("{} asked to wait {} s before retrying (Retry-After); waiting {} s, the policy's cap", name,
                asked.toSeconds(), policy.maxRetryAfter().toSeconds());
          }
        } else {
          delay = backoff(attempt);
        }
      } else {
        delay = backoff(attempt);
      }
      if (attempt >= policy.maxAttempts()) {
        end(null, result instanceof Attempt.NoResponse noResponse
            ? new TransportFailedException(call.provider(), attempt, noResponse.cause())
            : new RetriesExhaustedException(call.provider(), status, attempt));
        return;
      }
      if (delay.toNanos() >= remainingNanos()) {
        String detail = status == 0 ? "transport failure, next retry only after the deadline"
            : "HTTP " + status + ", next retry in " + delay.toMillis() + " ms, after the deadline";
        end(null, new DeadlineExceededException(call.provider(), status, attempt, deadline, detail));
        return;
      }
      LOG.debug("{} attempt {} of {}: {}; retrying in {} ms", name, attempt, policy.maxAttempts(),
          status == 0 ? "no response" : "HTTP " + status, delay.toMillis());
      int retried = status;
      boolean wasCapped = capped;
      safely(() -> listener.onRetry(membership, attempt, retried, delay, wasCapped));
      after(delay, () -> next(attempt + 1));
    }

    @Override
    public void closed() {
      end(null, new RemoverClosedException(call.provider(), lastStatus, attempts));
    }

    /**
     * Ends the removal with exactly one of {@code outcome} and {@code failure}; later calls do nothing. Whatever
     * is still pending (a wait, an exchange in flight) is cancelled and reset.
     */
    void end(RemovalOutcome outcome, RemovalException failure) {
      int made;
      Scheduler.Timer pending;
      Exchange inFlight;
      synchronized (this) {
        if (ended) {
          return;
        }
        ended = true;
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
        inFlight.abort();
        inFlight.timer.cancel();
      }
      Duration latency = Duration.ofNanos(scheduler.nanoTime() - startNanos);
      if (outcome != null) {
        safely(() -> listener.onOutcome(membership, outcome, made, latency));
      } else {
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
      /** Under the Run's lock: the timer bounding the exchange, when it got a connection, how to reset it. */
      Scheduler.Timer timer;
      long sentNanos = NOT_SENT;
      Runnable abort;

      Exchange(int attempt) {
        this.attempt = attempt;
      }

      @Override
      public void sent(Runnable abort) {
        Run.this.sent(this, abort);
      }

      @Override
      public void answered(Attempt result) {
        Run.this.answered(this, result);
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
      LOG.warn("removal listener threw; ignored", e);
    }
  }
}
