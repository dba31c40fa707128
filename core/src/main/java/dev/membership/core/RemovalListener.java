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
   * An attempt will be retried after {@code delay}.
   *
   * @param status the retryable HTTP status, or 0 for a transport failure
   * @param retryAfterCapped whether the provider's {@code Retry-After} was longer than the policy allows
   */
  default void onRetry(Membership membership, int attempt, int status, Duration delay, boolean retryAfterCapped) {}

  /** The removal ended with an outcome after {@code attempts} attempts and {@code latency} in all. */
  default void onOutcome(Membership membership, RemovalOutcome outcome, int attempts, Duration latency) {}

  /** The removal failed. */
  default void onFailure(Membership membership, RemovalException failure, Duration latency) {}

  /**
   * A provider's lane changed: it closed (until when and why), its closure passed and the next request will be a
   * probe, it opened again, or its adaptive rate was cut. {@link MembershipRemover#lanes()} gives the state at any
   * time. Called on the thread of the answer or timer that changed it, in the order of the changes.
   */
  default void onLaneChange(LaneState state) {}

  /** The listener that does nothing (always the same instance). */
  static RemovalListener none() {
    return NoRemovalListener.INSTANCE;
  }
}
