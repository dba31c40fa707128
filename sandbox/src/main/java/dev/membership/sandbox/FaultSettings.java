package dev.membership.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Which failures the sandbox injects into the two provider endpoints, and how much latency it adds. The admin API
 * reads and writes it as JSON at {@code /_sandbox/faults}.
 *
 * <p>Each provider request draws one number from a pseudo-random sequence started at {@code seed}: with probability
 * {@code rate500} it answers 500, then {@code rate502} → 502, {@code rate503} → 503, {@code rate429} → 429 with
 * {@code Retry-After: retryAfterSeconds}, {@code resetRate} → the connection is reset without an answer; otherwise
 * the request is served. The decision is made before the real operation, so an injected failure never changes the
 * state. Every provider answer (injected or not) is delayed by {@code latencyMs} plus a uniform random
 * {@code 0..latencyJitterMs}.
 *
 * @param rate500 fraction of requests answered 500, in [0, 1]
 * @param rate502 fraction answered 502, in [0, 1]
 * @param rate503 fraction answered 503, in [0, 1]
 * @param rate429 fraction answered 429 with {@code Retry-After}, in [0, 1]
 * @param retryAfterSeconds the {@code Retry-After} of an injected 429, 0 to 86400
 * @param resetRate fraction of requests whose connection is reset without an answer, in [0, 1]
 * @param latencyMs fixed delay added to every provider answer, 0 to 60000 ms
 * @param latencyJitterMs upper bound of a uniform random delay added on top, 0 to 60000 ms
 * @param seed the seed of the pseudo-random sequence; the same seed and request order give the same faults
 */
public record FaultSettings(
    double rate500,
    double rate502,
    double rate503,
    double rate429,
    int retryAfterSeconds,
    double resetRate,
    long latencyMs,
    long latencyJitterMs,
    long seed) {

  /** The default seed of the fault sequence. */
  public static final long DEFAULT_SEED = 42L;

  private static final long MAX_LATENCY_MS = 60_000L;
  private static final Set<String> FIELDS = Set.of("rate500", "rate502", "rate503", "rate429", "retryAfterSeconds",
      "resetRate", "latencyMs", "latencyJitterMs", "seed");

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException if a rate is outside [0, 1], the rates add up to more than 1, or a delay or
   *     {@code retryAfterSeconds} is out of range
   */
  public FaultSettings {
    requireRate("rate500", rate500);
    requireRate("rate502", rate502);
    requireRate("rate503", rate503);
    requireRate("rate429", rate429);
    requireRate("resetRate", resetRate);
    if (rate500 + rate502 + rate503 + rate429 + resetRate > 1.0 + 1e-9) {
      throw new IllegalArgumentException("rate500 + rate502 + rate503 + rate429 + resetRate > 1");
    }
    requireRetryAfter(retryAfterSeconds);
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("latencyMs must be in [0, 60000]: " + latencyMs);
    }
    if (latencyJitterMs < 0 || latencyJitterMs > MAX_LATENCY_MS) {
      throw new IllegalArgumentException("latencyJitterMs must be in [0, 60000]: " + latencyJitterMs);
    }
  }

  /** Returns settings that inject nothing and add no latency (seed {@value #DEFAULT_SEED}). */
  public static FaultSettings none() {
    return new FaultSettings(0, 0, 0, 0, 1, 0, 0, 0, DEFAULT_SEED);
  }

  /** Returns a builder that starts from {@link #none()}. */
  public static Builder custom() {
    return new Builder(none());
  }

  /** Returns a builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether any failure or latency is configured. */
  public boolean active() {
    return rate500 > 0 || rate502 > 0 || rate503 > 0 || rate429 > 0 || resetRate > 0 || latencyMs > 0
        || latencyJitterMs > 0;
  }

  /** Returns the admin API's JSON form, every field present. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("rate500", rate500)
        .put("rate502", rate502)
        .put("rate503", rate503)
        .put("rate429", rate429)
        .put("retryAfterSeconds", retryAfterSeconds)
        .put("resetRate", resetRate)
        .put("latencyMs", latencyMs)
        .put("latencyJitterMs", latencyJitterMs)
        .put("seed", seed);
  }

  /**
   * Reads the admin API's JSON form; a missing field takes its value from {@link #none()}.
   *
   * @throws IllegalArgumentException if a field is unknown, of the wrong type or out of range
   * @throws NullPointerException if {@code json} is null
   */
  public static FaultSettings fromJson(JsonObject json) {
    if (json == null) {
      throw new NullPointerException("json == null");
    }
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown fault setting: " + name + " (known: " + FIELDS + ")");
      }
    }
    FaultSettings none = none();
    try {
      return new FaultSettings(
          json.getDouble("rate500", none.rate500),
          json.getDouble("rate502", none.rate502),
          json.getDouble("rate503", none.rate503),
          json.getDouble("rate429", none.rate429),
          json.getInteger("retryAfterSeconds", none.retryAfterSeconds),
          json.getDouble("resetRate", none.resetRate),
          json.getLong("latencyMs", none.latencyMs),
          json.getLong("latencyJitterMs", none.latencyJitterMs),
          json.getLong("seed", none.seed));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("fault settings must be numbers", e);
    }
  }

  private static void requireRetryAfter(int retryAfterSeconds) {
    if (retryAfterSeconds < 0 || retryAfterSeconds > 86_400) {
      throw new IllegalArgumentException("retryAfterSeconds must be in [0, 86400]: " + retryAfterSeconds);
    }
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1]: " + rate);
    }
  }

  /** Builds {@link FaultSettings}; each setter validates what it can at once. */
  public static final class Builder {
    private double rate500;
    private double rate502;
    private double rate503;
    private double rate429;
    private int retryAfterSeconds;
    private double resetRate;
    private long latencyMs;
    private long latencyJitterMs;
    private long seed;

    private Builder(FaultSettings from) {
      rate500 = from.rate500;
      rate502 = from.rate502;
      rate503 = from.rate503;
      rate429 = from.rate429;
      retryAfterSeconds = from.retryAfterSeconds;
      resetRate = from.resetRate;
      latencyMs = from.latencyMs;
      latencyJitterMs = from.latencyJitterMs;
      seed = from.seed;
    }

    /**
     * Fraction of requests answered 500.
     *
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder rate500(double rate) {
      requireRate("rate500", rate);
      this.rate500 = rate;
      return this;
    }

    /**
     * Fraction of requests answered 502.
     *
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder rate502(double rate) {
      requireRate("rate502", rate);
      this.rate502 = rate;
      return this;
    }

    /**
     * Fraction of requests answered 503.
     *
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder rate503(double rate) {
      requireRate("rate503", rate);
      this.rate503 = rate;
      return this;
    }

    /**
     * Fraction of requests answered 429 with {@code Retry-After: retryAfterSeconds}.
     *
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1] or {@code retryAfterSeconds} outside
     *     [0, 86400]
     */
    public Builder rate429(double rate, int retryAfterSeconds) {
      requireRate("rate429", rate);
      requireRetryAfter(retryAfterSeconds);
      this.rate429 = rate;
      this.retryAfterSeconds = retryAfterSeconds;
      return this;
    }

    /**
     * Fraction of requests whose connection is reset.
     *
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public Builder resetRate(double rate) {
      requireRate("resetRate", rate);
      this.resetRate = rate;
      return this;
    }

    /**
     * Delay of every provider answer: {@code fixedMs} plus a uniform random {@code 0..jitterMs}.
     *
     * @throws IllegalArgumentException if either is outside [0, 60000]
     */
    public Builder latency(long fixedMs, long jitterMs) {
      if (fixedMs < 0 || fixedMs > MAX_LATENCY_MS || jitterMs < 0 || jitterMs > MAX_LATENCY_MS) {
        throw new IllegalArgumentException("latency must be in [0, 60000] ms: " + fixedMs + " + " + jitterMs);
      }
      this.latencyMs = fixedMs;
      this.latencyJitterMs = jitterMs;
      return this;
    }

    /** Seed of the pseudo-random sequence that decides each request's fate. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Returns the settings.
     *
     * @throws IllegalArgumentException if the rates add up to more than 1
     */
    public FaultSettings build() {
      return new FaultSettings(rate500, rate502, rate503, rate429, retryAfterSeconds, resetRate, latencyMs,
          latencyJitterMs, seed);
    }
  }
}
