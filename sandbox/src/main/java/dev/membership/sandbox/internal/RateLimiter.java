package dev.membership.sandbox.internal;

import dev.membership.sandbox.SandboxRateLimit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link SandboxRateLimit} in force: a token bucket and a quota per credential, and the scheduled change, applied
 * lazily by the first look at the clock after it is due. The key is the whole {@code Authorization} header (or
 * none): it stays in memory as a map key and is never logged or answered.
 */
final class RateLimiter {

  /** Beyond this many distinct credentials the state starts afresh, so random headers cannot grow the map. */
  private static final int MAX_CREDENTIALS = 100_000;

  /**
   * Where a credential's quota stands after a request, as Atlassian's headers say it.
   *
   * @param points the points of a window
   * @param remaining the points left in this window after the request (0 on a refusal by the quota)
   * @param resetEpochMillis when this window ends
   * @param windowMillis the window's length
   * @param secondsToReset whole seconds until the window ends, rounded up (at least 1)
   */
  record Quota(int points, int remaining, long resetEpochMillis, long windowMillis, int secondsToReset) {

    /** Whether fewer than 20 % of the points are left. */
    boolean nearLimit() {
      return remaining * 5L < points;
    }
  }

  /**
   * The limiter's word on one request.
   *
   * @param retryAfterSeconds 0 if the request passes, else the {@code Retry-After} of its 429 (at least 1)
   * @param refusedByQuota whether the quota (not the bucket) refused it
   * @param quota where the credential's quota stands, or null if no quota is set
   */
  record Verdict(int retryAfterSeconds, boolean refusedByQuota, Quota quota) {

    /** A pass with no quota to announce. */
    static final Verdict PASS = new Verdict(0, false, null);

    boolean refused() {
      return retryAfterSeconds > 0;
    }
  }

  /** One limit in force since {@code setAtNanos}, with fresh state per credential. */
  private record Plan(SandboxRateLimit limit, long setAtNanos, long changeAfterNanos, long windowMillis,
      ConcurrentHashMap<String, Credential> credentials) {

    static Plan of(SandboxRateLimit limit, long setAtNanos) {
      return new Plan(limit, setAtNanos, (long) (limit.changeAfterSeconds() * 1e9),
          limit.quotaWindowMillis(), new ConcurrentHashMap<>());
    }
  }

  private final AtomicReference<Plan> plan = new AtomicReference<>();

  RateLimiter(SandboxRateLimit limit) {
    set(limit);
  }

  /** Replaces the limit; every bucket starts full, every quota unspent, and a scheduled change counts from now. */
  void set(SandboxRateLimit limit) {
    plan.set(Plan.of(limit, System.nanoTime()));
  }

  /** The limit in force, with its change if that is still to come. */
  SandboxRateLimit limit() {
    return current().limit();
  }

  /** Spends a permit and a point of {@code credential}'s, or neither if either is lacking, and says which. */
  Verdict acquire(String credential) {
    Plan current = current();
    SandboxRateLimit limit = current.limit();
    if (!limit.enabled()) {
      return Verdict.PASS;
    }
    ConcurrentHashMap<String, Credential> credentials = current.credentials();
    String key = credential == null ? "" : credential;
    Credential state = credentials.get(key);
    if (state == null) {
      if (credentials.size() >= MAX_CREDENTIALS) {
        credentials.clear();
      }
      state = credentials.computeIfAbsent(key, k -> new Credential(limit.burst()));
    }
    return state.admit(limit, current.windowMillis(), System.nanoTime(), System.currentTimeMillis());
  }

  /** The plan in force, after the scheduled change if it is due (exactly one thread makes it). */
  private Plan current() {
    Plan current = plan.get();
    SandboxRateLimit next = current.limit().changeTo();
    if (next != null) {
      long now = System.nanoTime();
      if (now - current.setAtNanos() >= current.changeAfterNanos()) {
        Plan changed = Plan.of(next, now);
        return plan.compareAndSet(current, changed) ? changed : plan.get();
      }
    }
    return current;
  }

  private static final class Credential {
    private double tokens;
    private long refilledAt = System.nanoTime();
    private long window = Long.MIN_VALUE;
    private int spent;

    Credential(int burst) {
      tokens = burst;
    }

    /** The verdict on one request at {@code nowNanos} (bucket) and {@code nowMillis} (quota window). */
    synchronized Verdict admit(SandboxRateLimit limit, long windowMillis, long nowNanos, long nowMillis) {
      long resetAt = 0;
      int left = 0;
      if (limit.hasQuota()) {
        // A request that read the clock just before another moved to the next window counts in the later one.
        long index = Math.max(window, Math.floorDiv(nowMillis, windowMillis));
        if (index != window) {
          window = index;
          spent = 0;
        }
        resetAt = (index + 1) * windowMillis;
        left = limit.quotaPoints() - spent;
        if (left <= 0) {
          Quota quota = quota(limit, windowMillis, 0, resetAt, nowMillis);
          return new Verdict(quota.secondsToReset(), true, quota);
        }
      }
      if (limit.hasTokenBucket()) {
        long waitNanos = take(limit.permitsPerSecond(), limit.burst(), nowNanos);
        if (waitNanos > 0) {
          long retryAfter = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
          Quota unspent = limit.hasQuota() ? quota(limit, windowMillis, left, resetAt, nowMillis) : null;
          return new Verdict((int) Math.min(Integer.MAX_VALUE, retryAfter), false, unspent);
        }
      }
      if (!limit.hasQuota()) {
        return Verdict.PASS;
      }
      spent++;
      return new Verdict(0, false, quota(limit, windowMillis, left - 1, resetAt, nowMillis));
    }

    private static Quota quota(SandboxRateLimit limit, long windowMillis, int remaining, long resetAt, long nowMillis) {
      int seconds = (int) Math.max(1, (resetAt - nowMillis + 999) / 1000);
      return new Quota(limit.quotaPoints(), remaining, resetAt, windowMillis, seconds);
    }

    /** Takes a permit and returns 0, or returns the nanoseconds until one is available. */
    private long take(double permitsPerSecond, int burst, long now) {
      if (now > refilledAt) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * permitsPerSecond / 1e9);
        refilledAt = now;
      }
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return 0;
      }
      return (long) Math.ceil((1.0 - tokens) / permitsPerSecond * 1e9);
    }
  }
}
