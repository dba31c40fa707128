package dev.membership.core.internal;

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
}
