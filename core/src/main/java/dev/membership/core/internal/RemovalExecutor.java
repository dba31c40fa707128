package dev.membership.core.internal;

import dev.membership.client.support.RenewableConnections;
import dev.membership.core.DeadlineExceededException;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetriesExhaustedException;
import dev.membership.core.RetryPolicy;
import dev.membership.core.Scheduler;
import dev.membership.core.TransportFailedException;
import dev.membership.core.UnexpectedResponseException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one membership through one provider: paces each attempt through the provider's token bucket, retries
 * what the policy allows with backoff or {@code Retry-After}, and never starts an attempt after the deadline.
 */
final class RemovalExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(RemovalExecutor.class);

  private final ProviderCall call;
  private final RetryPolicy policy;
  private final Duration deadline;
  private final Scheduler scheduler;
  private final RemovalListener listener;
  private final TokenBucket bucket;
  private final Random jitter;
  private final String name;
  private final long attemptTimeoutNanos;
  private final long deadlineLengthNanos;
  private final InFlight inFlight;
  private final RenewableConnections connections;
  /**
   * How long after an attempt was given up on its connections are closed: every attempt still in flight on them
   * ends by the attempt timeout, so only abandoned exchanges are left by then; the second is for timer slack.
   */
  private final long closeAbandonedAfterMillis;
  /** False for the no-op listener: nothing to tell, so nothing to build per attempt. */
  private final boolean notify;

  RemovalExecutor(Vertx vertx, ProviderCall call, RemoverOptions options, Scheduler scheduler) {
    this.call = call;
    this.policy = options.retryPolicy();
    this.deadline = options.deadline();
    this.scheduler = scheduler;
    this.listener = options.listener();
    this.notify = listener != RemovalListener.none();
    this.bucket = options.rateLimit(call.provider()).isUnlimited() ? null
        : new TokenBucket(options.rateLimit(call.provider()), scheduler);
    this.jitter = new Random(options.jitterSeed());
    this.name = call.provider().name().toLowerCase(java.util.Locale.ROOT);
    this.attemptTimeoutNanos = options.attemptTimeout().toNanos();
    this.deadlineLengthNanos = deadline.toNanos();
    this.inFlight = new InFlight(vertx, attemptTimeoutNanos);
    this.connections = call.connections();
    this.closeAbandonedAfterMillis = options.attemptTimeout().toMillis() + 1_000;
  }

  Provider provider() {
    return call.provider();
  }

  Future<Void> close() {
    return call.close();
  }

  /**
   * Removes {@code membership}, whose removal started at {@code startNanos} on the scheduler's clock; exactly one
   * of {@code completion}'s methods is called, once.
   */
  void remove(Membership membership, long startNanos, Completion completion) {
    new Run(membership, startNanos, completion).next(1, startNanos);
  }

  /** Removes {@code membership}; the future carries the outcome or the {@link RemovalException}. */
  Future<RemovalOutcome> remove(Membership membership) {
    Promise<RemovalOutcome> promise = Promise.promise();
    remove(membership, scheduler.nanoTime(), new Completion() {
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

  /** Where the end of one removal goes. */
  interface Completion {
    void succeeded(RemovalOutcome outcome, int attempts);

    void failed(RemovalException failure, int attempts);
  }

  /** One removal: its attempts one after another, each tracked in flight as this entry. */
  private final class Run extends InFlight.Entry {
    final Membership membership;
    final long startNanos;
    final long deadlineNanos;
    final Completion completion;
    int lastStatus;
    /** The attempt in flight, and whether the deadline (rather than the attempt timeout) bounds it. */
    volatile int attempt;
    boolean deadlineBound;
    /** The generation of connections the attempt in flight went out over. */
    int generation;

    Run(Membership membership, long startNanos, Completion completion) {
      this.membership = membership;
      this.startNanos = startNanos;
      this.deadlineNanos = startNanos + deadlineLengthNanos;
      this.completion = completion;
    }

    long remainingNanos() {
      return deadlineNanos - scheduler.nanoTime();
    }

    /** Paces attempt {@code attempt} through the rate limit; {@code nowNanos} is the scheduler's time, just read. */
    void next(int attempt, long nowNanos) {
      long remaining = deadlineNanos - nowNanos;
      if (remaining <= 0) {
        fail(attempt - 1, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      long waitNanos = bucket == null ? 0 : bucket.reserve();
      if (waitNanos >= remaining) {
        fail(attempt - 1, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "rate limit allows attempt " + attempt + " only after the deadline"));
        return;
      }
      if (waitNanos == 0) {
        send(attempt, remaining);
      } else {
        scheduler.sleep(Duration.ofNanos(waitNanos)).onComplete(ignored -> send(attempt, remainingNanos()));
      }
    }

    /** Sends attempt {@code attempt} with {@code remaining} nanoseconds left before the deadline. */
    void send(int attempt, long remaining) {
      if (remaining <= 0) {
        fail(attempt - 1, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      if (notify) {
        safely(() -> listener.onAttempt(membership, attempt));
      }
      // In real time, an attempt in flight ends at the attempt timeout or the deadline, whichever is sooner:
      // whichever of the answer and that time comes first is handled, the other is ignored.
      this.attempt = attempt;
      this.deadlineBound = remaining <= attemptTimeoutNanos;
      // Written before the clock starts, so that an expiry on another thread sees it (start is synchronized).
      this.generation = connections.connectionGeneration();
      inFlight.start(this, deadlineBound ? remaining : attemptTimeoutNanos);
      try {
        call.send(membership, result -> answered(attempt, result));
      } catch (RuntimeException e) {
        answered(attempt, new Attempt.Unexpected(0, "", e));
      }
      // A renewal by another removal between that read and the send put the request on the newer generation.
      int sentOver = connections.connectionGeneration();
      if (sentOver != generation) {
        generation = sentOver;
      }
    }

    /** What attempt {@code attemptNo} came to; ignored once that attempt has timed out. */
    void answered(int attemptNo, Attempt result) {
      if (attemptNo == attempt && inFlight.settle(this)) {
        handle(attemptNo, result);
      }
    }

    /**
     * The attempt in flight ran out of time. Its exchange may go on (a server that never answers, or never
     * finishes), holding a connection that the pool cannot take back; the connections it went out over are
     * renewed, so the retry goes out over a new one and the old ones are closed once no live attempt can be on
     * them.
     */
    @Override
    void expired() {
      connections.renewConnections(generation, closeAbandonedAfterMillis);
      handle(attempt, deadlineBound ? null : new Attempt.NoResponse(new TimeoutException(
          "no complete answer within the attempt timeout of " + attemptTimeoutNanos / 1_000_000 + " ms")));
    }

    void handle(int attempt, Attempt result) {
      if (result == null) {
        fail(attempt, new DeadlineExceededException(call.provider(), lastStatus, attempt, deadline,
            "attempt " + attempt + " was still waiting for an answer"));
        return;
      }
      if (result instanceof Attempt.Answered answered) {
        if (notify) {
          Duration latency = Duration.ofNanos(scheduler.nanoTime() - startNanos);
          safely(() -> listener.onOutcome(membership, answered.outcome(), attempt, latency));
        }
        completion.succeeded(answered.outcome(), attempt);
        return;
      }
      if (result instanceof Attempt.Unexpected unexpected) {
        fail(attempt, new UnexpectedResponseException(call.provider(), unexpected.status(), attempt,
            unexpected.body(), unexpected.cause()));
        return;
      }
      Duration delay;
      boolean capped = false;
      int status;
      if (result instanceof Attempt.Retryable retryable) {
        status = retryable.status();
        lastStatus = status;
        Duration asked = RetryAfter.parse(retryable.retryAfter(), scheduler.now());
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
        status = 0;
        delay = backoff(attempt);
      }
      if (attempt >= policy.maxAttempts()) {
        fail(attempt, result instanceof Attempt.NoResponse noResponse
            ? new TransportFailedException(call.provider(), attempt, noResponse.cause())
            : new RetriesExhaustedException(call.provider(), status, attempt));
        return;
      }
      if (delay.toNanos() >= remainingNanos()) {
        String detail = status == 0 ? "transport failure, next retry only after the deadline"
            : "HTTP " + status + ", next retry in " + delay.toMillis() + " ms, after the deadline";
        fail(attempt, new DeadlineExceededException(call.provider(), status, attempt, deadline, detail));
        return;
      }
      LOG.debug("{} attempt {} of {}: {}; retrying in {} ms", name, attempt, policy.maxAttempts(),
          status == 0 ? "no response" : "HTTP " + status, delay.toMillis());
      boolean wasCapped = capped;
      Duration wait = delay;
      safely(() -> listener.onRetry(membership, attempt, status, wait, wasCapped));
      scheduler.sleep(delay).onComplete(ignored -> next(attempt + 1, scheduler.nanoTime()));
    }

    void fail(int attempts, RemovalException failure) {
      Duration latency = Duration.ofNanos(scheduler.nanoTime() - startNanos);
      safely(() -> listener.onFailure(membership, failure, latency));
      LOG.debug("{} removal failed: {}", name, failure.getMessage());
      completion.failed(failure, attempts);
    }
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
