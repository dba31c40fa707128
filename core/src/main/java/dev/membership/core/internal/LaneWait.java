package dev.membership.core.internal;

import dev.membership.core.DeadlineExceededException;
import dev.membership.core.Provider;
import dev.membership.core.ProviderPausedException;
import dev.membership.core.RemovalException;
import java.time.Duration;

/**
 * Whether a removal waits for a closed lane to open: decided from the closure and the removal's deadline alone.
 * Nothing is ever sent before a closure ends, so a removal that will not wait for it ends now, unsent.
 */
final class LaneWait {

  private LaneWait() {}

  /** What a removal does about a closure. */
  enum Verdict {
    /** It waits for the lane to open (or there is no closure). */
    WAIT,
    /** The lane opens only at or after the removal's deadline: it ends now with the deadline exceeded. */
    PAST_DEADLINE,
    /** The provider asked for longer than the remover waits for a wait of its kind: it ends now, paused. */
    BEYOND_BOUND
  }

  /**
   * @param closure the closure in force, or null
   * @param paused whether the removal belongs to a bulk run, whose waits for the lane do not count against its
   *     deadline
   * @param deadlineNanos the removal's deadline, on the scheduler's clock
   */
  static Verdict of(Lane.Closure closure, boolean paused, long deadlineNanos) {
    if (closure == null) {
      return Verdict.WAIT;
    }
    if (!paused && closure.untilNanos() - deadlineNanos >= 0) {
      return Verdict.PAST_DEADLINE;
    }
    return closure.beyondBound() ? Verdict.BEYOND_BOUND : Verdict.WAIT;
  }

  /**
   * Why a removal does not wait for {@code closure} to send attempt {@code attempt} (it never sends before the
   * closure ends), or null if it waits, or there is no closure.
   *
   * @param lastStatus the removal's last HTTP status, 0 if none
   * @param deadline the removal's deadline as configured, for the message
   */
  static RemovalException unsendable(Lane.Closure closure, boolean paused, long deadlineNanos, Provider provider,
      int lastStatus, int attempt, Duration deadline) {
    return switch (of(closure, paused, deadlineNanos)) {
      case WAIT -> null;
      case PAST_DEADLINE -> new DeadlineExceededException(provider, lastStatus, attempt - 1, deadline,
          "attempt " + attempt + " not sent: the provider's lane is closed (" + closure.reason() + ") for "
              + closure.asked().toSeconds() + " s, until " + closure.until() + ", after the deadline");
      case BEYOND_BOUND -> ProviderPausedException.askedTooLong(provider, lastStatus, attempt - 1,
          closure.asked(), closure.bound(), closure.until(), closure.reason());
    };
  }
}
