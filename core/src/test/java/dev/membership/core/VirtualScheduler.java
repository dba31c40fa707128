package dev.membership.core;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduler whose clock moves only when something sleeps: {@link #sleep} returns at once and moves the clock
 * forward by the delay. Retries, waits and pacing thus take no real time, and the test reads how much virtual
 * time they took. (A remover reserves a rate-limit permit and sleeps for it in one step, so callers that follow
 * see the clock where the previous one's wait ended, as they would in real time.)
 */
final class VirtualScheduler implements Scheduler {

  private static final Instant EPOCH = Instant.parse("2026-11-25T10:00:00Z");

  private long now;
  private final List<Long> sleeps = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Instant now() {
    return EPOCH.plusNanos(now);
  }

  @Override
  public Future<Void> sleep(Duration delay) {
    synchronized (this) {
      long nanos = Math.max(0, delay.toNanos());
      sleeps.add(nanos);
      now += nanos;
    }
    return Future.succeededFuture();
  }

  /** Virtual time elapsed since creation. */
  synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Every sleep requested, in order. */
  synchronized List<Duration> sleeps() {
    return sleeps.stream().map(Duration::ofNanos).toList();
  }
}
