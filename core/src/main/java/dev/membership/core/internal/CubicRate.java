package dev.membership.core.internal;

/**
 * The adaptive rate of a lane: CUBIC (RFC 9438) in rate form, after a slow start as in TCP (RFC 5681). A pure state
 * machine: every method takes the time, and none holds a lock, a timer or a callback; the lane calls it under its
 * own lock.
 *
 * <p>With no ceiling it starts at {@value #INITIAL_RATE}/s and doubles every {@value #DOUBLING_MILLIS} ms while it
 * is what holds requests back (slow start). A decrease (a {@code 429}, or a provider near its limit) sets the
 * reference rate {@code W} to the least of the rate and the answers accepted over the last {@value #WINDOW_MILLIS}
 * ms per second (the provider's own figure, as TCP Westwood estimates it; half the rate on the first decrease, which
 * ends the slow start, as TCP halves it: the accepted rate lags a ramp), and the rate to {@value #DECREASE} times
 * {@code W}. Then, after {@code t} seconds of holding requests back, the rate is {@code W (1 + C (t - K)^3)} with
 * {@code C = }{@value #CUBIC_C} and {@code K} the time it takes to be back at {@code W} (4 s): quickly back near the
 * limit it found, slowly past it, then faster as no refusal comes. A ceiling (a configured rate) is where it starts
 * and the most it reaches.
 */
final class CubicRate {

  static final double INITIAL_RATE = 10.0;
  static final long DOUBLING_MILLIS = 200;
  static final double DECREASE = 0.9;
  static final double CUBIC_C = 0.0016;
  /** Seconds from a decrease until the rate is back at the reference rate: the cube root of (1 - β) / C. */
  private static final double CUBIC_K = Math.cbrt((1 - DECREASE) / CUBIC_C);
  static final long WINDOW_MILLIS = 2000;
  static final double MIN_RATE = 0.05;
  private static final long BIN_NANOS = 100_000_000L;
  private static final int BINS = (int) (WINDOW_MILLIS * 1_000_000L / BIN_NANOS);

  private final double ceiling;
  private final long createdNanos;
  private double rate;
  private boolean slowStart;
  /** The reference rate of the last decrease, and the seconds requests have been held back since. */
  private double reference;
  private double sinceDecrease;
  private long grownNanos;
  private long cutNanos;
  private final long[] binIds = new long[BINS];
  private final int[] binCounts = new int[BINS];

  /** A rate under {@code ceiling} (infinite: none), starting at {@code now}. */
  CubicRate(double ceiling, long now) {
    this.ceiling = ceiling;
    this.createdNanos = now;
    this.slowStart = Double.isInfinite(ceiling);
    this.rate = slowStart ? INITIAL_RATE : ceiling;
    this.reference = rate;
    this.sinceDecrease = CUBIC_K;
    this.grownNanos = now;
    this.cutNanos = now - WINDOW_MILLIS * 1_000_000L;
  }

  /** The rate, per second: at most the ceiling. */
  double rate() {
    return rate;
  }

  /** The provider accepted an answer at {@code now}. */
  void accepted(long now) {
    long id = now / BIN_NANOS;
    int i = (int) Math.floorMod(id, (long) BINS);
    if (binIds[i] != id) {
      binIds[i] = id;
      binCounts[i] = 0;
    }
    binCounts[i]++;
  }

  /** Whether a measuring window has passed since the last decrease. */
  boolean windowSinceDecrease(long now) {
    return now - cutNanos >= WINDOW_MILLIS * 1_000_000L;
  }

  /** Multiplicative decrease, from the least of the rate and the rate of accepted answers. */
  void decrease(long now) {
    double base;
    if (slowStart) {
      base = rate / 2; // the rate doubled since the provider last accepted it; the accepted rate lags a ramp
    } else {
      double accepted = acceptedRate(now);
      base = accepted > 0 ? Math.min(rate, accepted) : rate;
    }
    reference = Math.max(MIN_RATE, base);
    sinceDecrease = 0;
    rate = Math.min(ceiling, DECREASE * reference);
    slowStart = false;
    cutNanos = now;
    grownNanos = now;
  }

  /** Requests were not held back until {@code now} (a permit was at hand): the time does not count for growth. */
  void notHeldBack(long now) {
    grownNanos = now;
  }

  /**
   * Grows for the time since the last growth, if this rate ({@code holdingBack}) held requests back meanwhile, not
   * the ceiling or another limit.
   */
  void grow(long now, boolean holdingBack) {
    long elapsed = now - grownNanos;
    grownNanos = now;
    if (elapsed <= 0 || rate >= ceiling || !holdingBack) {
      return;
    }
    double seconds = Math.min(elapsed, 1_000_000_000L) / 1e9;
    if (slowStart) {
      rate = Math.min(ceiling, rate * Math.pow(2, seconds * 1000 / DOUBLING_MILLIS));
    } else {
      sinceDecrease += seconds;
      double t = sinceDecrease - CUBIC_K;
      rate = Math.min(ceiling, Math.max(MIN_RATE, reference * (1 + CUBIC_C * t * t * t)));
    }
  }

  /** Answers accepted per second over the last window (or since the rate was created, if sooner). */
  private double acceptedRate(long now) {
    long id = now / BIN_NANOS;
    long total = 0;
    for (int i = 0; i < BINS; i++) {
      if (binIds[i] > id - BINS && binIds[i] <= id) {
        total += binCounts[i];
      }
    }
    // The bins cover from the start of the oldest one to now (or from the creation, if later).
    long covered = Math.min(now - (id - BINS + 1) * BIN_NANOS, now - createdNanos);
    return total / (Math.max(BIN_NANOS, covered) / 1e9);
  }
}
