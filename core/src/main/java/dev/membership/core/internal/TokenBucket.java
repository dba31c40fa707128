package dev.membership.core.internal;

import dev.membership.core.RateLimit;
import dev.membership.core.Scheduler;

/**
 * A token bucket shared by all calls of one remover to one provider. Callers reserve a permit and are told how
 * long to wait for it; reservations queue up fairly, so N callers at once are spread at the refill rate.
 */
final class TokenBucket {

  private final double permitsPerNano;
  private final double burst;
  private final Scheduler scheduler;
  private double tokens;
  private long last;

  TokenBucket(RateLimit limit, Scheduler scheduler) {
    this.permitsPerNano = limit.permitsPerSecond() / 1e9;
    this.burst = limit.burst();
    this.scheduler = scheduler;
    this.tokens = burst;
    this.last = scheduler.nanoTime();
  }

  /** Takes one permit and returns how many nanoseconds to wait before using it (0 if available now). */
  synchronized long reserve() {
    long now = scheduler.nanoTime();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * permitsPerNano);
      last = now;
    }
    tokens -= 1;
    if (tokens >= 0) {
      return 0;
    }
    return (long) Math.ceil(-tokens / permitsPerNano);
  }
}
