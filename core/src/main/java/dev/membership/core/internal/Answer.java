package dev.membership.core.internal;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;

/**
 * The head of a provider's answer, read once as it arrives: its status, its {@code Retry-After} and its rate-limit
 * headers. The lane and the retry decision read this value; nothing parses the headers again.
 *
 * @param retryAfter the wait {@code Retry-After} asks for, or null if it is absent or cannot be read
 * @param hasRetryAfter whether the answer carried {@code Retry-After} at all (a value that cannot be read counts)
 */
record Answer(int status, Duration retryAfter, boolean hasRetryAfter, RateLimitHeaders limits) {

  /** Reads the head of an answer received at {@code now}. */
  static Answer of(int status, MultiMap headers, Instant now) {
    String retryAfter = headers == null ? null : headers.get("Retry-After");
    return new Answer(status, RetryAfter.parse(retryAfter, now), retryAfter != null,
        RateLimitHeaders.of(headers, now));
  }

  /** Whether it closes the provider's lane: a {@code 429}, or a {@code 503} with {@code Retry-After}. */
  boolean closesLane() {
    return status == 429 || (status == 503 && hasRetryAfter);
  }
}
