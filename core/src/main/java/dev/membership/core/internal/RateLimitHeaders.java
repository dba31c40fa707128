package dev.membership.core.internal;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an answer's rate-limit headers say, as Atlassian documents them: {@code X-RateLimit-Remaining} with
 * {@code X-RateLimit-Reset} (an ISO 8601 instant), {@code X-RateLimit-NearLimit: true}, {@code RateLimit-Reason},
 * and the beta {@code Beta-RateLimit: "<policy>";r=<remaining>;t=<seconds to reset>} (entries comma-separated, in
 * any order); where both the {@code X-} headers and a beta entry are sent, the beta entry counts only if it leaves
 * fewer requests (another quota). A value that cannot be read is ignored with a DEBUG line, never an exception; a header sent twice
 * with different values is ignored the same way. The values are never logged: they come from the network.
 *
 * @param remaining requests left until {@code reset} under the most constraining quota, or -1 if not known
 * @param reset when that quota resets, or null if not known
 * @param nearLimit whether the provider says less than a fifth of a quota is left
 * @param quota whether {@code RateLimit-Reason} names a quota (matched loosely: it contains "quota")
 */
record RateLimitHeaders(long remaining, Instant reset, boolean nearLimit, boolean quota) {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitHeaders.class);

  static final RateLimitHeaders NONE = new RateLimitHeaders(-1, null, false, false);

  /** Whether a remaining count and its reset are known. */
  boolean known() {
    return remaining >= 0 && reset != null;
  }

  /** Whether the quota is spent until {@link #reset()}, which is after {@code now}. */
  boolean spent(Instant now) {
    return known() && remaining == 0 && reset.isAfter(now);
  }

  /**
   * The rate that spends what is left evenly until the reset, in requests per second, or NaN if not known or the
   * reset has passed.
   */
  double evenRate(Instant now) {
    if (!known()) {
      return Double.NaN;
    }
    long millis = Duration.between(now, reset).toMillis();
    return millis <= 0 ? Double.NaN : remaining * 1000.0 / millis;
  }

  /** Reads {@code headers} (null for none) of an answer received at {@code now}. */
  static RateLimitHeaders of(MultiMap headers, Instant now) {
    if (headers == null || !(headers.contains("X-RateLimit-Remaining") || headers.contains("Beta-RateLimit")
        || headers.contains("X-RateLimit-NearLimit") || headers.contains("RateLimit-Reason"))) {
      return NONE; // the usual answer: nothing to read
    }
    long remaining = -1;
    Instant reset = null;
    String xRemaining = single(headers, "X-RateLimit-Remaining");
    String xReset = single(headers, "X-RateLimit-Reset");
    if (xRemaining != null && xReset != null) {
      long r = count(xRemaining, "X-RateLimit-Remaining");
      Instant at = within(instant(xReset), now);
      if (r >= 0 && at != null) {
        remaining = r;
        reset = at;
      }
    }
    // X-RateLimit-Reset is an instant, the beta t whole seconds: where both speak of the same quota, the instant is
    // the one to spend by. A beta entry counts only if it leaves fewer requests: another, tighter quota.
    long xKnown = remaining;
    for (String beta : headers.getAll("Beta-RateLimit")) {
      for (String entry : beta.split(",")) {
        long r = -1;
        long t = -1;
        for (String part : entry.split(";")) {
          String p = part.trim();
          if (p.startsWith("r=")) {
            r = count(p.substring(2), "Beta-RateLimit r");
          } else if (p.startsWith("t=")) {
            t = count(p.substring(2), "Beta-RateLimit t");
          }
        }
        if (r < 0 || t < 0) {
          if (!entry.isBlank()) {
            LOG.debug("ignored a Beta-RateLimit entry without a readable r and t");
          }
          continue;
        }
        Instant at = now.plusSeconds(Math.min(t, 366L * 24 * 3600));
        if (xKnown >= 0 && r >= xKnown) {
          continue;
        }
        if (reset == null || tighter(r, at, remaining, reset, now)) {
          remaining = r;
          reset = at;
        }
      }
    }
    String near = single(headers, "X-RateLimit-NearLimit");
    String reason = single(headers, "RateLimit-Reason");
    return new RateLimitHeaders(remaining, reset, near != null && near.trim().equalsIgnoreCase("true"),
        reason != null && reason.toLowerCase(Locale.ROOT).contains("quota"));
  }

  /**
   * {@code at}, brought within a year of {@code now} either way, so that no arithmetic on it can overflow (a reset
   * centuries away would overflow a count of nanoseconds); null stays null.
   */
  private static Instant within(Instant at, Instant now) {
    if (at == null) {
      return null;
    }
    Instant latest = now.plus(Duration.ofDays(366));
    Instant earliest = now.minus(Duration.ofDays(366));
    return at.isAfter(latest) ? latest : at.isBefore(earliest) ? earliest : at;
  }

  /** Whether {@code r} left until {@code at} allows a lower even rate than {@code r0} until {@code at0}. */
  private static boolean tighter(long r, Instant at, long r0, Instant at0, Instant now) {
    double seconds = Math.max(1e-3, Duration.between(now, at).toMillis() / 1000.0);
    double seconds0 = Math.max(1e-3, Duration.between(now, at0).toMillis() / 1000.0);
    return r / seconds < r0 / seconds0;
  }

  /** The header's one value; null (with a DEBUG line) if it is sent twice with different values. */
  private static String single(MultiMap headers, String name) {
    List<String> values = headers.getAll(name);
    if (values.isEmpty()) {
      return null;
    }
    String first = values.get(0).trim();
    for (String other : values) {
      if (!other.trim().equals(first)) {
        LOG.debug("ignored {}: sent {} times with different values", name, values.size());
        return null;
      }
    }
    return first;
  }

  /** A count of requests: plain decimal digits, else -1 (with a DEBUG line); a huge one is capped. */
  private static long count(String value, String name) {
    String v = value.trim();
    if (v.isEmpty() || v.length() > 40 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      LOG.debug("ignored {}: not a count", name);
      return -1;
    }
    return v.length() > 15 ? 999_999_999_999_999L : Long.parseLong(v);
  }

  /** An ISO 8601 instant ({@code 2026-12-02T14:00:00Z}, an offset, fractions of a second), else null. */
  private static Instant instant(String value) {
    String v = value.trim();
    if (v.length() > 64) {
      LOG.debug("ignored X-RateLimit-Reset: too long");
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      LOG.debug("ignored X-RateLimit-Reset: not an ISO 8601 instant");
      return null;
    }
  }
}
