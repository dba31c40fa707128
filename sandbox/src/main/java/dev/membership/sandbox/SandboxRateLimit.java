package dev.membership.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * The sandbox's rate limit, applied per credential (per distinct {@code Authorization} header) to both provider
 * endpoints. It combines up to two regimes, and may schedule its own replacement:
 *
 * <ul>
 *   <li><b>Token bucket</b> ({@code permitsPerSecond}, {@code burst}): an unannounced limit. A bucket holds at most
 *       {@code burst} permits and refills at {@code permitsPerSecond}; a request that finds it empty is answered 429
 *       with {@code Retry-After} only.
 *   <li><b>Points quota</b> ({@code quotaPoints}, {@code quotaWindowSeconds}): Atlassian's hourly quota, scaled. Time
 *       is cut into fixed windows aligned to multiples of the window length since the Unix epoch (like the top of
 *       each UTC hour); each request spends one point of its credential's quota for the current window, and one
 *       that finds none left is answered 429 with {@code Retry-After} until the window ends. Confluence answers
 *       carry Atlassian's {@code X-RateLimit-*} and {@code Beta-RateLimit*} headers; Capillary's carry none. With
 *       {@code quotaWindowSeconds} 60 it is Capillary's per-minute limit.
 *   <li><b>Scheduled change</b> ({@code changeAfterSeconds}, {@code changeTo}): that many seconds after this limit
 *       was set (by the admin API, at start or by a reset), {@code changeTo} replaces it, every bucket and quota
 *       starting afresh. {@code changeTo} has no change of its own.
 * </ul>
 *
 * <p>With both a bucket and a quota, a request must pass both. The quota is checked first, then the bucket, and a
 * request either spends a point and a permit or, refused by either, spends neither. {@link #off()} (every component
 * zero or null) means no limit. The admin API reads and writes the JSON form at {@code /_sandbox/rate-limit}, and a
 * seed document may hold it as its {@code rateLimit} section.
 *
 * @param permitsPerSecond bucket refill rate, greater than 0 and at most 1e9 (or 0 with {@code burst} 0 for no
 *     bucket)
 * @param burst bucket size, at least 1 (or 0 with {@code permitsPerSecond} 0 for no bucket)
 * @param quotaPoints points per window, at least 1 (or 0 with {@code quotaWindowSeconds} 0 for no quota)
 * @param quotaWindowSeconds window length in seconds, greater than 0 and at most {@value #MAX_SECONDS}, counted in
 *     whole milliseconds (rounded, at least 1) (or 0 with {@code quotaPoints} 0 for no quota)
 * @param changeAfterSeconds seconds after which {@code changeTo} takes over, greater than 0 and at most {@value
 *     #MAX_SECONDS} (or 0 with {@code changeTo} null for no change)
 * @param changeTo the limit that takes over, itself without a change (or null for no change)
 */
public record SandboxRateLimit(
    double permitsPerSecond,
    int burst,
    int quotaPoints,
    double quotaWindowSeconds,
    double changeAfterSeconds,
    SandboxRateLimit changeTo) {

  /** The longest quota window and the latest scheduled change, in seconds: 365 days. */
  public static final double MAX_SECONDS = 31_536_000.0;

  private static final List<String> FIELDS = List.of("permitsPerSecond", "burst", "quotaPoints", "quotaWindowSeconds",
      "changeAfterSeconds", "changeTo");
  private static final Set<String> CHANGE_FIELDS = Set.of("changeAfterSeconds", "changeTo");

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException if a pair is half set or out of range, or {@code changeTo} has a change of
   *     its own
   */
  public SandboxRateLimit {
    boolean noBucket = permitsPerSecond == 0.0 && burst == 0;
    boolean bucket = permitsPerSecond > 0.0 && permitsPerSecond <= 1_000_000_000.0 && burst >= 1;
    if (!noBucket && !bucket) {
      throw new IllegalArgumentException(
          "rate limit needs permitsPerSecond > 0 and burst >= 1 (or both 0 for none): " + permitsPerSecond + ", "
              + burst);
    }
    if (quotaPoints != 0 || quotaWindowSeconds != 0.0) {
      if (quotaPoints < 1) {
        throw new IllegalArgumentException(
            "quotaPoints must be >= 1 with quotaWindowSeconds (or both 0 for no quota): " + quotaPoints);
      }
      if (!(quotaWindowSeconds > 0.0 && quotaWindowSeconds <= MAX_SECONDS)) {
        throw new IllegalArgumentException("quotaWindowSeconds must be > 0 and at most " + (long) MAX_SECONDS
            + " with quotaPoints (or both 0 for no quota): " + quotaWindowSeconds);
      }
    }
    if (changeTo != null || changeAfterSeconds != 0.0) {
      if (!(changeAfterSeconds > 0.0 && changeAfterSeconds <= MAX_SECONDS)) {
        throw new IllegalArgumentException("changeAfterSeconds must be > 0 and at most " + (long) MAX_SECONDS
            + " with changeTo (or 0 with no changeTo): " + changeAfterSeconds);
      }
      if (changeTo == null) {
        throw new IllegalArgumentException("changeAfterSeconds needs a changeTo limit");
      }
      if (changeTo.hasChange()) {
        throw new IllegalArgumentException("changeTo cannot schedule a change of its own");
      }
    }
  }

  /**
   * Returns a token bucket alone: the form this record had before quotas and changes.
   *
   * @throws IllegalArgumentException unless both are zero, or {@code permitsPerSecond > 0} and {@code burst >= 1}
   */
  public SandboxRateLimit(double permitsPerSecond, int burst) {
    this(permitsPerSecond, burst, 0, 0.0, 0.0, null);
  }

  /** Returns the absence of a limit. */
  public static SandboxRateLimit off() {
    return new SandboxRateLimit(0.0, 0);
  }

  /**
   * Returns an unannounced token bucket of {@code burst} permits refilled at {@code permitsPerSecond}.
   *
   * @throws IllegalArgumentException if {@code permitsPerSecond <= 0} or {@code burst < 1}
   */
  public static SandboxRateLimit of(double permitsPerSecond, int burst) {
    if (permitsPerSecond <= 0.0 || burst < 1) {
      throw new IllegalArgumentException("permitsPerSecond must be > 0 and burst >= 1");
    }
    return new SandboxRateLimit(permitsPerSecond, burst);
  }

  /**
   * Returns a quota alone: {@code points} per credential in each window of {@code windowSeconds}.
   *
   * @throws IllegalArgumentException if {@code points < 1} or {@code windowSeconds} is out of range
   */
  public static SandboxRateLimit quota(int points, double windowSeconds) {
    return off().withQuota(points, windowSeconds);
  }

  /**
   * Returns this limit with a quota of {@code points} per window of {@code windowSeconds} instead of its own.
   *
   * @throws IllegalArgumentException if {@code points < 1} or {@code windowSeconds} is out of range
   */
  public SandboxRateLimit withQuota(int points, double windowSeconds) {
    if (points < 1 || windowSeconds <= 0.0) {
      throw new IllegalArgumentException("a quota needs points >= 1 and windowSeconds > 0: " + points + ", "
          + windowSeconds);
    }
    return new SandboxRateLimit(permitsPerSecond, burst, points, windowSeconds, changeAfterSeconds, changeTo);
  }

  /**
   * Returns this limit, replaced by {@code next} {@code seconds} after it is set.
   *
   * @throws NullPointerException if {@code next} is null
   * @throws IllegalArgumentException if {@code seconds} is out of range or {@code next} has a change of its own
   */
  public SandboxRateLimit changingAfter(double seconds, SandboxRateLimit next) {
    if (next == null) {
      throw new NullPointerException("next == null");
    }
    return new SandboxRateLimit(permitsPerSecond, burst, quotaPoints, quotaWindowSeconds, seconds, next);
  }

  /** Whether this limit, leaving its scheduled change aside, refuses any request: a bucket or a quota is set. */
  public boolean enabled() {
    return hasTokenBucket() || hasQuota();
  }

  /** Whether a token bucket is set. */
  public boolean hasTokenBucket() {
    return burst > 0;
  }

  /** Whether a points quota is set. */
  public boolean hasQuota() {
    return quotaPoints > 0;
  }

  /** The quota window in whole milliseconds (rounded, at least 1), or 0 if no quota is set. */
  public long quotaWindowMillis() {
    return hasQuota() ? Math.max(1, Math.round(quotaWindowSeconds * 1000.0)) : 0;
  }

  /** Whether a change is scheduled. */
  public boolean hasChange() {
    return changeTo != null;
  }

  /**
   * Returns the JSON form: {@code permitsPerSecond} and {@code burst} always, the quota's and the change's fields
   * only when set.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("permitsPerSecond", permitsPerSecond).put("burst", burst);
    if (hasQuota()) {
      json.put("quotaPoints", quotaPoints).put("quotaWindowSeconds", quotaWindowSeconds);
    }
    if (hasChange()) {
      json.put("changeAfterSeconds", changeAfterSeconds).put("changeTo", changeTo.toJson());
    }
    return json;
  }

  /**
   * Reads the JSON form; a missing (or null) field counts as 0 (none for {@code changeTo}).
   *
   * @throws IllegalArgumentException naming the field if one is unknown, of the wrong type, not whole where it must
   *     be, or out of range, or if the whole is invalid
   * @throws NullPointerException if {@code json} is null
   */
  public static SandboxRateLimit fromJson(JsonObject json) {
    if (json == null) {
      throw new NullPointerException("json == null");
    }
    return read(json, "");
  }

  private static SandboxRateLimit read(JsonObject json, String prefix) {
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown rate limit setting: " + prefix + name + " (known: "
            + String.join(", ", FIELDS) + ")");
      }
      if (!prefix.isEmpty() && CHANGE_FIELDS.contains(name)) {
        throw new IllegalArgumentException("changeTo cannot schedule a change of its own: " + prefix + name);
      }
    }
    SandboxRateLimit changeTo = null;
    Object next = json.getValue("changeTo");
    if (next != null) {
      if (!(next instanceof JsonObject object)) {
        throw new IllegalArgumentException("rate limit setting changeTo must be a JSON object");
      }
      changeTo = read(object, "changeTo.");
    }
    double permitsPerSecond = number(json, "permitsPerSecond", prefix);
    int burst = whole(json, "burst", prefix);
    int quotaPoints = whole(json, "quotaPoints", prefix);
    double quotaWindowSeconds = number(json, "quotaWindowSeconds", prefix);
    double changeAfterSeconds = number(json, "changeAfterSeconds", prefix);
    try {
      return new SandboxRateLimit(permitsPerSecond, burst, quotaPoints, quotaWindowSeconds, changeAfterSeconds, changeTo);
    } catch (IllegalArgumentException e) {
      throw prefix.isEmpty() ? e : new IllegalArgumentException("changeTo: " + e.getMessage(), e);
    }
  }

  private static double number(JsonObject json, String field, String prefix) {
    Object value = json.getValue(field);
    if (value == null) {
      return 0.0;
    }
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw new IllegalArgumentException("rate limit setting " + prefix + field + " must be a number");
    }
    return number.doubleValue();
  }

  private static int whole(JsonObject json, String field, String prefix) {
    double value = number(json, field, prefix);
    if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rate limit setting " + prefix + field
          + " must be a whole number of at most " + Integer.MAX_VALUE + ": " + json.getValue(field));
    }
    return (int) value;
  }
}
