package dev.membership.core;

import java.time.Duration;

/**
 * Hook for metrics and tracing: told of every attempt, retry and result. Methods are called on the event loop
 * and must not block; exceptions they throw are logged and ignored. Every method does nothing by default.
 */
public interface RemovalListener {

  /** An attempt is about to be sent; {@code attempt} is 1-based. */
  default void onAttempt(Membership membership, int attempt) {}

  /**
   * An attempt will be retried after {@code delay} (for a {@code 429} or a {@code 503} with {@code Retry-After}:
   * once the provider's lane opens again, which is never before the wait the provider asked for).
   *
   * @param status the retryable HTTP status, or 0 for a transport failure
   */
  default void onRetry(Membership membership, int attempt, int status, Duration delay) {}

  /** The removal ended with an outcome after {@code attempts} attempts and {@code latency} in all. */
  default void onOutcome(Membership membership, RemovalOutcome outcome, int attempts, Duration latency) {}

  /** The removal failed. */
  default void onFailure(Membership membership, RemovalException failure, Duration latency) {}

  /**
   * A provider's lane changed: it closed (until when and why), its closure passed and the next request will be a
   * probe, it opened again, or its adaptive rate was cut. {@link MembershipRemover#lanes()} gives the state at any
   * time. Called on the thread of the answer or timer that changed it, in the order of the changes; a closure that
   * passes while nobody waits for the lane is told when the lane is next used or looked at.
   */
  default void onLaneChange(LaneState state) {}

  /**
   * A listener that tells {@code first}, then {@code second}, of every event; one that throws does not keep the
   * other from being told.
   */
  static RemovalListener both(RemovalListener first, RemovalListener second) {
    java.util.Objects.requireNonNull(first, "first == null");
    java.util.Objects.requireNonNull(second, "second == null");
    return new RemovalListener() {
      @Override
      public void onAttempt(Membership membership, int attempt) {
        try {
          first.onAttempt(membership, attempt);
        } finally {
          second.onAttempt(membership, attempt);
        }
      }

      @Override
      public void onRetry(Membership membership, int attempt, int status, Duration delay) {
        try {
          first.onRetry(membership, attempt, status, delay);
        } finally {
          second.onRetry(membership, attempt, status, delay);
        }
      }

      @Override
      public void onOutcome(Membership membership, RemovalOutcome outcome, int attempts, Duration latency) {
        try {
          first.onOutcome(membership, outcome, attempts, latency);
        } finally {
          second.onOutcome(membership, outcome, attempts, latency);
        }
      }

      @Override
      public void onFailure(Membership membership, RemovalException failure, Duration latency) {
        try {
          first.onFailure(membership, failure, latency);
        } finally {
          second.onFailure(membership, failure, latency);
        }
      }

      @Override
      public void onLaneChange(LaneState state) {
        try {
          first.onLaneChange(state);
        } finally {
          second.onLaneChange(state);
        }
      }
    };
  }

  /** The listener that does nothing (always the same instance). */
  static RemovalListener none() {
    return NoRemovalListener.INSTANCE;
  }
}
