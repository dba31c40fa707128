package dev.membership.core.internal;

import dev.membership.core.RemovalOutcome;

/** What one HTTP attempt came to, before retry decisions. */
sealed interface Attempt {

  /** The provider answered with a documented outcome. */
  record Answered(RemovalOutcome outcome) implements Attempt {}

  /** A retryable status (429, 502, 503, 504, 521); {@code retryAfter} is the raw header or null. */
  record Retryable(int status, String retryAfter) implements Attempt {}

  /** No response arrived. */
  record NoResponse(Throwable cause) implements Attempt {}

  /** An answer the spec does not document, or one that could not be decoded. */
  record Unexpected(int status, String body, Throwable cause) implements Attempt {}

  /** Whether {@code status} is retried: 429, 502, 503, 504 and Capillary's 521. */
  static boolean isRetryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504 || status == 521;
  }
}
