package dev.membership.core.internal;

import dev.membership.core.RemovalOutcome;

/** What one HTTP attempt came to, before retry decisions. */
sealed interface Attempt {

  /** The provider answered with a documented outcome. */
  record Answered(RemovalOutcome outcome) implements Attempt {}

  /** A retryable status ({@link #isRetryable}); {@code retryAfter} is the raw header or null. */
  record Retryable(int status, String retryAfter) implements Attempt {}

  /** No response arrived. */
  record NoResponse(Throwable cause) implements Attempt {}

  /** An answer the spec does not document, or one that could not be decoded. */
  record Unexpected(int status, String body, Throwable cause) implements Attempt {}

  /**
   * What a generated client's failure comes to when it is not a provider's answer to map: no response, an
   * undecodable body, an unknown failure, or a retryable status. Null for any other HTTP answer.
   *
   * @param status the HTTP status if {@code failure} is the client's {@code ApiException}, else -1
   * @param headers its response headers, or null
   */
  static Attempt ofClientFailure(Throwable failure, int status, io.vertx.core.MultiMap headers) {
    if (failure instanceof dev.membership.client.support.TransportFailureException) {
      return new NoResponse(failure);
    }
    if (failure instanceof dev.membership.client.support.ResponseDecodingException decoding) {
      return new Unexpected(decoding.status(), "", decoding);
    }
    if (status < 100) {
      return new Unexpected(0, "", failure);
    }
    if (isRetryable(status)) {
      return new Retryable(status, headers == null ? null : headers.get("Retry-After"));
    }
    return null;
  }

  /** Whether {@code status} is retried (the list {@link dev.membership.core.RetryPolicy} documents). */
  static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 521;
  }
}
