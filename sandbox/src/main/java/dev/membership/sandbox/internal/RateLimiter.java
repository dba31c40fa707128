package dev.membership.sandbox.internal;

import dev.membership.sandbox.RateLimit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per credential. The key is the whole {@code Authorization} header (or none): it stays in memory
 * as a map key and is never logged or answered.
 */
final class RateLimiter {

  /** Beyond this many distinct credentials the buckets start afresh, so random headers cannot grow the map. */
  private static final int MAX_BUCKETS = 100_000;

  /** Why a request was refused: when to retry and what Atlassian's headers say. */
  record Refusal(int retryAfterSeconds, int limit, long resetEpochMillis) {}

  private record Plan(RateLimit limit, ConcurrentHashMap<String, Bucket> buckets) {}

  private volatile Plan plan;

  RateLimiter(RateLimit limit) {
    set(limit);
  }

  /** Replaces the limit; every bucket starts full. */
  void set(RateLimit limit) {
    plan = new Plan(limit, new ConcurrentHashMap<>());
  }

  RateLimit limit() {
    return plan.limit();
  }

  /** Takes a permit for {@code credential}; returns null if one was available, else why not. */
  Refusal acquire(String credential) {
    Plan current = plan;
    RateLimit limit = current.limit();
    if (!limit.enabled()) {
      return null;
    }
    ConcurrentHashMap<String, Bucket> buckets = current.buckets();
    String key = credential == null ? "" : credential;
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      if (buckets.size() >= MAX_BUCKETS) {
        buckets.clear();
      }
      bucket = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst()));
    }
    long waitNanos = bucket.take(limit.permitsPerSecond(), limit.burst(), System.nanoTime());
    if (waitNanos <= 0) {
      return null;
    }
    int retryAfter = (int) Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    return new Refusal(retryAfter, limit.burst(), System.currentTimeMillis() + retryAfter * 1000L);
  }

  private static final class Bucket {
    private double tokens;
    private long refilledAt = System.nanoTime();

    Bucket(int burst) {
      tokens = burst;
    }

    /** Takes a permit and returns 0, or returns the nanoseconds until one is available. */
    synchronized long take(double permitsPerSecond, int burst, long now) {
      tokens = Math.min(burst, tokens + (now - refilledAt) * permitsPerSecond / 1e9);
      refilledAt = now;
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return 0;
      }
      return (long) Math.ceil((1.0 - tokens) / permitsPerSecond * 1e9);
    }
  }
}
