package dev.membership.core.internal;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one membership through one provider: paces each attempt through the provider's token bucket, retries
 * what the policy allows with backoff or {@code Retry-After}, and never starts an attempt after the deadline.
 */
final class RemovalExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(RemovalExecutor.class);

  private final Vertx vertx;
  private final ProviderCall call;
  private final RetryPolicy policy;
  private final Duration deadline;
  private final Scheduler scheduler;
  private final RemovalListener listener;
  private final TokenBucket bucket;
  private final Random jitter;
  private final String name;
  /** False for the no-op listener: nothing to tell, so nothing to build per attempt. */
  private final boolean notify;

  RemovalExecutor(Vertx vertx, ProviderCall call, RemoverOptions options, Scheduler scheduler) {
    this.vertx = vertx;
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
  }

  Provider provider() {
    return call.provider();
  }

  Future<Void> close() {
    return call.close();
  }

  /** Removes {@code membership}; the future carries the outcome and the attempts made. */
  Future<Completed> remove(Membership membership) {
    Run run = new Run(membership, scheduler.nanoTime());
    run.next(1);
    return run.promise.future();
  }

  /** An outcome with the attempts it took. */
  record Completed(RemovalOutcome outcome, int attempts) {}

  /** A failure with the attempts it took. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int attempts;

    Failed(RemovalException cause, int attempts) {
      super(cause.getMessage(), cause, false, false);
      this.attempts = attempts;
    }

    RemovalException removalException() {
      return (RemovalException) getCause();
    }
  }

  private final class Run {
    final Membership membership;
    final long startNanos;
    final long deadlineNanos;
    final Promise<Completed> promise = Promise.promise();
    int lastStatus;

    Run(Membership membership, long startNanos) {
      this.membership = membership;
      this.startNanos = startNanos;
      this.deadlineNanos = startNanos + deadline.toNanos();
    }

    long remainingNanos() {
      return deadlineNanos - scheduler.nanoTime();
    }

    void next(int attempt) {
      if (remainingNanos() <= 0) {
        fail(attempt - 1, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      long waitNanos = bucket == null ? 0 : bucket.reserve();
      if (waitNanos >= remainingNanos()) {
        fail(attempt - 1, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "rate limit allows attempt " + attempt + " only after the deadline"));
        return;
      }
      if (waitNanos == 0) {
        send(attempt);
      } else {
        scheduler.sleep(Duration.ofNanos(waitNanos)).onComplete(ignored -> send(attempt));
      }
    }

    void send(int attempt) {
      long remaining = remainingNanos();
      if (remaining <= 0) {
        fail(attempt - 1, new DeadlineExceededException(call.provider(), lastStatus, attempt - 1, deadline,
            "no time left for attempt " + attempt));
        return;
      }
      if (notify) {
        safely(() -> listener.onAttempt(membership, attempt));
      }
      // The deadline also bounds an attempt in flight, in real time: whichever of the answer and the timer comes
      // first is handled, the other is ignored.
      AtomicBoolean settled = new AtomicBoolean();
      long timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)), id -> {
        if (settled.compareAndSet(false, true)) {
          handle(attempt, null);
        }
      });
      call.send(membership).onComplete(result -> {
        if (settled.compareAndSet(false, true)) {
          vertx.cancelTimer(timer);
          handle(attempt, result.result());
        }
      });
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
        promise.complete(new Completed(answered.outcome(), attempt));
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
      scheduler.sleep(delay).onComplete(ignored -> next(attempt + 1));
    }

    void fail(int attempts, RemovalException failure) {
      Duration latency = Duration.ofNanos(scheduler.nanoTime() - startNanos);
      safely(() -> listener.onFailure(membership, failure, latency));
      LOG.debug("{} removal failed: {}", name, failure.getMessage());
      promise.fail(new Failed(failure, attempts));
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
