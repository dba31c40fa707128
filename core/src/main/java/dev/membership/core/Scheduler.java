package dev.membership.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * The time a remover waits on: backoff, {@code Retry-After}, rate limiting and deadlines all read and wait on
 * it. The default runs on Vert.x timers; tests pass a virtual one so that retries and pacing take no real time.
 */
public interface Scheduler {

  /** Monotonic time in nanoseconds, for deadlines and rate limiting. */
  long nanoTime();

  /** Wall-clock time, for {@code Retry-After} given as an HTTP date. */
  Instant now();

  /** A future that completes after {@code delay} (at once if zero or negative). */
  Future<Void> sleep(Duration delay);

  /** A scheduler on the system clock and Vert.x timers of {@code vertx}. */
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
      public Future<Void> sleep(Duration delay) {
        long millis = delay.toMillis();
        if (millis <= 0) {
          return Future.succeededFuture();
        }
        return vertx.timer(millis).mapEmpty();
      }
    };
  }
}
