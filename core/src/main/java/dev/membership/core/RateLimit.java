package dev.membership.core;

/**
 * A client-side ceiling shared by every call of one remover to one provider: its lane lets attempts through at
 * most at {@code permitsPerSecond}, with at most {@code burst} at once. Every attempt, retries included, takes one
 * permit, so a bulk run stays under a provider's known limit instead of bouncing off 429s. The lane starts at this
 * rate and lowers it only when the provider refuses or its headers say less is left.
 *
 * @param permitsPerSecond refill rate, positive (infinite means no limit)
 * @param burst bucket size, at least 1
 */
public record RateLimit(double permitsPerSecond, int burst) {

  /** Checks both fields; throws {@link InvalidInputException} naming the field. */
  public RateLimit {
    if (!(permitsPerSecond > 0)) {
      throw new InvalidInputException("permitsPerSecond", "must be positive");
    }
    if (burst < 1) {
      throw new InvalidInputException("burst", "must be at least 1");
    }
  }

  /** {@code permitsPerSecond} with a burst of a tenth of a second's permits (at least 1). */
  public static RateLimit perSecond(double permitsPerSecond) {
    return new RateLimit(permitsPerSecond, (int) Math.max(1, Math.min(Integer.MAX_VALUE, permitsPerSecond / 10)));
  }

  /** No limit. */
  public static RateLimit unlimited() {
    return new RateLimit(Double.POSITIVE_INFINITY, 1);
  }

  /** Whether this is {@link #unlimited()}. */
  public boolean isUnlimited() {
    return Double.isInfinite(permitsPerSecond);
  }
}
