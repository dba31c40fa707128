package dev.membership.core;

import java.time.Duration;

/**
 * When and how long to wait before retrying. Removals are retried on 429, 500, 502, 503, 504, 521 (the origin-down
 * status of a CDN in front of a provider) and transport failures, from either provider (a DELETE is idempotent, and
 * none of these is a final answer), never on other statuses. The wait before retry {@code n} (1-based)
 * is a random duration in {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]} (exponential backoff with full
 * jitter), unless the answer carried {@code Retry-After}: then that wait wins, at least one second (for 0, a date
 * in the past or a value that cannot be read), and nothing is sent to the provider before it is over. A
 * {@code Retry-After} longer than {@code maxRetryAfter} is not waited for: the removals that would wait for it end
 * at once, unsent, with {@link ProviderPausedException}.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff upper bound of the first backoff, positive
 * @param maxBackoff cap of any backoff, at least {@code initialBackoff}
 * @param maxRetryAfter the longest {@code Retry-After} waited for; a longer one ends the removals that would
 *     wait for it with {@link ProviderPausedException}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  /** Checks every field; throws {@link InvalidInputException} naming the field. */
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new InvalidInputException("maxAttempts", "must be between 1 and 100");
    }
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
    positive("maxRetryAfter", maxRetryAfter);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new InvalidInputException("maxBackoff", "must be at least initialBackoff");
    }
  }

  /** 5 attempts, backoff from 200 ms up to 10 s, {@code Retry-After} waited for up to 60 s. */
  public static RetryPolicy ofDefaults() {
    return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  /** A builder starting from {@link #ofDefaults()}: change only what differs. */
  public static Builder builder() {
    return ofDefaults().toBuilder();
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a {@link RetryPolicy}; the fields are checked together by {@link #build()} (so {@code maxBackoff} may be
   * set before {@code initialBackoff}).
   */
  public static final class Builder {
    private int maxAttempts;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private Duration maxRetryAfter;

    private Builder(RetryPolicy from) {
      this.maxAttempts = from.maxAttempts;
      this.initialBackoff = from.initialBackoff;
      this.maxBackoff = from.maxBackoff;
      this.maxRetryAfter = from.maxRetryAfter;
    }

    /** Attempts in all, 1 to 100 (1: no retry). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Upper bound of the first backoff. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    /** Cap of any backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** The longest {@code Retry-After} waited for. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * The policy.
     *
     * @throws InvalidInputException naming the field that is out of range
     */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
    }
  }

  /** No retries: one attempt; a {@code Retry-After} is waited for (for other removals) as by default, up to 60 s. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), ofDefaults().maxRetryAfter());
  }

  static void positive(String field, Duration value) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    if (value.isNegative() || value.isZero()) {
      throw new InvalidInputException(field, "must be positive");
    }
  }
}
