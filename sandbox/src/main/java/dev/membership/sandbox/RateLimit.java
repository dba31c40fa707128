package dev.membership.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A token-bucket rate limit applied per credential (per distinct {@code Authorization} header) to both provider
 * endpoints: a bucket holds at most {@code burst} permits and refills at {@code permitsPerSecond}; a request that
 * finds it empty is answered 429 with {@code Retry-After}. The admin API reads and writes it as JSON at
 * {@code /_sandbox/rate-limit}. {@link #off()} (both zero) means no limit.
 *
 * @param permitsPerSecond refill rate, greater than 0 (or 0 with {@code burst} 0 for no limit)
 * @param burst bucket size, at least 1 (or 0 with {@code permitsPerSecond} 0 for no limit)
 */
public record RateLimit(double permitsPerSecond, int burst) {

  private static final Set<String> FIELDS = Set.of("permitsPerSecond", "burst");

  /**
   * Validates the pair.
   *
   * @throws IllegalArgumentException unless both are zero, or {@code permitsPerSecond > 0} and {@code burst >= 1}
   */
  public RateLimit {
    boolean off = permitsPerSecond == 0.0 && burst == 0;
    boolean on = permitsPerSecond > 0.0 && permitsPerSecond <= 1_000_000_000.0 && burst >= 1;
    if (!off && !on) {
      throw new IllegalArgumentException(
          "rate limit needs permitsPerSecond > 0 and burst >= 1 (or both 0 for none): " + permitsPerSecond + ", "
              + burst);
    }
  }

  /** Returns the absence of a limit. */
  public static RateLimit off() {
    return new RateLimit(0.0, 0);
  }

  /**
   * Returns a limit of {@code permitsPerSecond} with buckets of {@code burst} permits.
   *
   * @throws IllegalArgumentException if {@code permitsPerSecond <= 0} or {@code burst < 1}
   */
  public static RateLimit of(double permitsPerSecond, int burst) {
    if (permitsPerSecond <= 0.0 || burst < 1) {
      throw new IllegalArgumentException("permitsPerSecond must be > 0 and burst >= 1");
    }
    return new RateLimit(permitsPerSecond, burst);
  }

  /** Whether requests are limited at all. */
  public boolean enabled() {
    return burst > 0;
  }

  /** Returns the admin API's JSON form. */
  public JsonObject toJson() {
    return new JsonObject().put("permitsPerSecond", permitsPerSecond).put("burst", burst);
  }

  /**
   * Reads the admin API's JSON form; a missing field counts as 0.
   *
   * @throws IllegalArgumentException if a field is unknown, not a number or the pair is invalid
   * @throws NullPointerException if {@code json} is null
   */
  public static RateLimit fromJson(JsonObject json) {
    if (json == null) {
      throw new NullPointerException("json == null");
    }
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown rate limit setting: " + name + " (known: " + FIELDS + ")");
      }
    }
    try {
      return new RateLimit(json.getDouble("permitsPerSecond", 0.0), json.getInteger("burst", 0));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("rate limit settings must be numbers", e);
    }
  }
}
