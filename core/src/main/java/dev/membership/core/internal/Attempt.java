package dev.membership.core.internal;

import dev.membership.core.RemovalOutcome;

/** What one HTTP attempt came to, before retry decisions. */
sealed interface Attempt {

  /** The provider answered with a documented outcome. */
  record Answered(RemovalOutcome outcome) implements Attempt {}

  /** A retryable status ({@link #isRetryable}); {@code retryAfter} is the raw header or null. */
  record Retryable(int status, String retryAfter) implements Attempt {}

  /** No response arrived. */
  record NoResponse(Throwable cause) implements Attempt {

    /**
     * The TLS failure in the cause chain (an untrusted certificate, a host name mismatch, a failed handshake), or
     * null: such a failure does not pass, so it is not retried.
     */
    Throwable tlsFailure() {
      Throwable tls = null;
      for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
        if (t instanceof javax.net.ssl.SSLException
            || t.getMessage() != null && t.getMessage().startsWith("javax.net.ssl.")) {
          tls = t; // the innermost one names the cause best
        }
      }
      return tls;
    }
  }

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

  /** {@code attempt} with every text it carries from the network passed through {@code redactor}. */
  static Attempt redacted(Attempt attempt, Redactor redactor) {
    if (attempt instanceof Answered answered) {
      RemovalOutcome outcome = answered.outcome();
      if (outcome instanceof RemovalOutcome.Removed r) {
        return new Answered(new RemovalOutcome.Removed(r.status(), redacted(r.warnings(), redactor)));
      }
      if (outcome instanceof RemovalOutcome.NotAMember n) {
        return new Answered(new RemovalOutcome.NotAMember(n.status(), redacted(n.messages(), redactor)));
      }
      RemovalOutcome.Rejected r = (RemovalOutcome.Rejected) outcome;
      return new Answered(new RemovalOutcome.Rejected(r.reason(), r.status(), redacted(r.messages(), redactor)));
    }
    if (attempt instanceof NoResponse noResponse) {
      return new NoResponse(redactor.redact(noResponse.cause()));
    }
    if (attempt instanceof Unexpected unexpected) {
      return new Unexpected(unexpected.status(), redactor.redact(unexpected.body()),
          redactor.redact(unexpected.cause()));
    }
    return attempt; // Retryable: its Retry-After is only parsed, never shown
  }

  private static java.util.List<dev.membership.core.ProviderMessage> redacted(
      java.util.List<dev.membership.core.ProviderMessage> messages, Redactor redactor) {
    return messages.stream()
        .map(m -> new dev.membership.core.ProviderMessage(m.code(), redactor.redact(m.message()))).toList();
  }

  /** Whether {@code status} is retried (the list {@link dev.membership.core.RetryPolicy} documents). */
  static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 521;
  }
}
