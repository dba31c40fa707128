package dev.membership.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The final result of one membership of a bulk run: exactly one of {@link #outcome()} and {@link #failure()} is
 * set.
 *
 * @param position 0-based position of the membership in the input
 * @param membership the input
 * @param outcome what the provider answered, or {@code null} if the removal failed
 * @param failure why the removal could not be made or understood (a {@link RemovalException}, or an
 *     {@link InvalidInputException} if the remover does not serve the membership's provider), or {@code null}
 * @param attempts HTTP attempts made (0 if none could start)
 * @param latency time from when the run took the membership to the result, every wait included
 */
public record RemovalResult(long position, Membership membership, RemovalOutcome outcome, RuntimeException failure,
    int attempts, Duration latency) {

  /** Checks that exactly one of outcome and failure is set. */
  public RemovalResult {
    Objects.requireNonNull(membership, "membership == null");
    Objects.requireNonNull(latency, "latency == null");
    if ((outcome == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of outcome and failure must be set");
    }
  }

  /** Whether the removal failed (no outcome). */
  public boolean failed() {
    return failure != null;
  }
}
