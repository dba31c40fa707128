package dev.membership.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
final class RetryAfter {

  private RetryAfter() {}

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  /**
   * The wait a provider that sent {@code Retry-After} gets at least: one second for 0, a date in the past or a
   * value that cannot be read ({@code asked} null), so that a client never answers a refusal by asking again at
   * once.
   */
  static Duration atLeastOneSecond(Duration asked) {
    return asked == null || asked.compareTo(ONE_SECOND) < 0 ? ONE_SECOND : asked;
  }

  /** The wait the header asks for, or null if absent or unreadable; a date in the past gives zero. */
  static Duration parse(String header, Instant now) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.isEmpty()) {
      return null;
    }
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
