package dev.membership.core.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The pace a provider's rate-limit headers allow: what they say is left, spent evenly until their reset. A pure
 * unit: it takes the time, and holds no lock, timer or callback; the lane asks it under its own lock.
 */
final class HeaderPacing {

  /** Requests per second, or NaN while the headers say nothing (or what they said has expired). */
  private double rate = Double.NaN;
  private long untilNanos;

  /** An answer's rate-limit headers, read at {@code now} ({@code nowInstant} on the wall clock). */
  void read(RateLimitHeaders limits, long now, Instant nowInstant) {
    if (!limits.known() || limits.spent(nowInstant)) {
      return; // nothing to pace by; a spent quota closes the lane instead
    }
    double even = limits.evenRate(nowInstant);
    if (!Double.isNaN(even)) {
      rate = even;
      untilNanos = now + Duration.between(nowInstant, limits.reset()).toNanos();
    }
  }

  /** Forgets what the headers said once their reset has passed. */
  void expire(long now) {
    if (!Double.isNaN(rate) && now - untilNanos >= 0) {
      rate = Double.NaN;
    }
  }

  /** The most requests per second the headers allow (at least {@link CubicRate#MIN_RATE}), or infinity. */
  double limit() {
    return Double.isNaN(rate) ? Double.POSITIVE_INFINITY : Math.max(rate, CubicRate.MIN_RATE);
  }
}
