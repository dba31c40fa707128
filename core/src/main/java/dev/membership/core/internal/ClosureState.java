package dev.membership.core.internal;

import dev.membership.core.LaneState;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a lane is open, closed until a time, or probing, and the epoch of its closures. A pure state machine:
 * every method takes the time, and none holds a lock, a timer or a callback; the lane calls it under its own lock
 * and says what changed.
 *
 * <p>A closure lasts the whole wait asked for (at least a second, at most {@value #MAX_CLOSURE_DAYS} days, so that
 * the clock cannot overflow). Once it has passed, one request goes first as a probe; the probe's accepted answer
 * opens the lane. Each closure begins an epoch: an answer to a permit given before the closure in force closes the
 * lane again only if it asks for longer than that closure lasts (or lasted).
 */
final class ClosureState {

  static final long MAX_CLOSURE_DAYS = 366;
  private static final Duration MAX_CLOSURE = Duration.ofDays(MAX_CLOSURE_DAYS);

  private LaneState.Status status = LaneState.Status.OPEN;
  /** When the closure in force ends, or the last one ended. */
  private long untilNanos;
  /** The closure in force, or null. */
  private Lane.Closure closure;
  private long epoch;
  private boolean probeOut;

  LaneState.Status status() {
    return status;
  }

  /** The closure in force, or null if the lane is not closed. */
  Lane.Closure closure() {
    return closure;
  }

  /** Counts closures: a permit of an earlier epoch was given before the closure in force began. */
  long epoch() {
    return epoch;
  }

  boolean probeOut() {
    return probeOut;
  }

  /** The closure has passed at {@code now}: the next permit is a probe. Returns the closure that ended, or null. */
  Lane.Closure settle(long now) {
    if (status != LaneState.Status.CLOSED || now - untilNanos < 0) {
      return null;
    }
    Lane.Closure ended = closure;
    status = LaneState.Status.PROBING;
    closure = null;
    return ended;
  }

  /** Takes the probe if the lane is probing and none is out. */
  boolean takeProbe() {
    if (status != LaneState.Status.PROBING || probeOut) {
      return false;
    }
    probeOut = true;
    return true;
  }

  /** The probe came back (answered or not): another may go. */
  void probeBack() {
    probeOut = false;
  }

  /** A probe's answer did not close the lane: it opens. Returns whether it was probing. */
  boolean opened() {
    if (status != LaneState.Status.PROBING) {
      return false;
    }
    status = LaneState.Status.OPEN;
    return true;
  }

  /**
   * An answer to a permit of {@code permitEpoch} asks for no request for {@code wait} from {@code now}. Returns the
   * closure it started or extended, or null if it changed nothing.
   *
   * @param bound the longest the remover waits for a wait of this kind
   */
  Lane.Closure close(long now, Instant nowInstant, Duration wait, String why, long permitEpoch, Duration bound) {
    Duration length = wait.compareTo(MAX_CLOSURE) > 0 ? MAX_CLOSURE : wait;
    if (length.isNegative() || length.isZero()) {
      length = Duration.ofSeconds(1);
    }
    long until = now + length.toNanos();
    if (permitEpoch != epoch && until - untilNanos <= 0) {
      return null; // sent before the closure in force (or the last one) began, and asking for no longer than it
    }
    if (permitEpoch == epoch || status != LaneState.Status.CLOSED) {
      epoch++; // a new closure; a longer wait asked for by an earlier permit extends the one in force
    }
    return shut(until, nowInstant.plus(length), why, length, bound);
  }

  /**
   * Another remover closed the lane for {@code remaining}: this one closes for as long, a new epoch, unless it is
   * closed that long already. Returns the closure, or null if it changed nothing.
   */
  Lane.Closure closeShared(long now, Instant nowInstant, Duration remaining, String why, Duration bound) {
    if (remaining.isNegative() || remaining.isZero()) {
      return null;
    }
    Duration length = remaining.compareTo(MAX_CLOSURE) > 0 ? MAX_CLOSURE : remaining;
    long until = now + length.toNanos();
    if (status == LaneState.Status.CLOSED && until - untilNanos <= 0) {
      return null;
    }
    epoch++;
    return shut(until, nowInstant.plus(length), why, length, bound);
  }

  private Lane.Closure shut(long until, Instant untilInstant, String why, Duration length, Duration bound) {
    status = LaneState.Status.CLOSED;
    untilNanos = until;
    probeOut = false;
    closure = new Lane.Closure(until, untilInstant, why, length, bound);
    return closure;
  }
}
