package dev.membership.core;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock and timers of a remover: every wait (backoff, {@code Retry-After}, rate limiting, a queued removal's
 * deadline) and every timeout (of an attempt in flight) reads and waits on it. The default runs on Vert.x timers;
 * tests pass a virtual one, so that hours of provider behaviour run in milliseconds and are asserted exactly.
 */
public interface Scheduler {

  /** Monotonic time in nanoseconds, for deadlines and rate limiting. */
  long nanoTime();

  /** Wall-clock time, for {@code Retry-After} given as an HTTP date. */
  Instant now();

  /**
   * Runs {@code task} once {@code delay} has passed, unless the timer is cancelled first: a wait the remover chose
   * (backoff, {@code Retry-After}, a rate-limit permit, a queued removal's deadline).
   */
  Timer schedule(Duration delay, Runnable task);

  /**
   * As {@link #schedule}, for a timer that bounds work outside the scheduler: an HTTP exchange in flight. By
   * default the same as {@code schedule}. A virtual clock can tell the two apart: it may move past waits on its
   * own, but past a timeout only when told to, since the work the timeout bounds takes real time.
   */
  default Timer timeout(Duration delay, Runnable onExpiry) {
    return schedule(delay, onExpiry);
  }

  /** A pending task of {@link #schedule} or {@link #timeout}. */
  interface Timer {
    /** Keeps the task from running if it has not started; does nothing otherwise. */
    void cancel();
  }

  /**
   * A scheduler on the system clock and Vert.x timers of {@code vertx}: a delay is rounded up to whole
   * milliseconds, at least one, and the task runs on the context that scheduled it (an event loop if none).
   */
  static Scheduler of(Vertx vertx) {
    return new Scheduler() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public Timer schedule(Duration delay, Runnable task) {
        long millis = delay.isNegative() ? 1 : Math.max(1, delay.plusNanos(999_999).toMillis());
        long id = vertx.setTimer(millis, ignored -> task.run());
        return () -> vertx.cancelTimer(id);
      }
    };
  }
}
