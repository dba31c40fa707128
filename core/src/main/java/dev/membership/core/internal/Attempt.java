package dev.membership.core.internal;

import dev.membership.core.ProviderMessage;
import dev.membership.core.RemovalOutcome;
import java.util.List;

/** What one HTTP attempt came to, before retry decisions. */
sealed interface Attempt {

  /** The provider answered with a documented outcome. */
  record Answered(RemovalOutcome outcome) implements Attempt {}

  /**
   * The provider refused the credentials ({@code 401}, or {@code 403} to a token), with its messages, or its token
   * endpoint did ({@code byTokenEndpoint}). Unless {@code renewable} (a token, which is sent once more, renewed,
   * before the refusal counts), nothing more is sent to it.
   */
  record Unauthorized(int status, List<ProviderMessage> messages, boolean renewable, boolean byTokenEndpoint)
      implements Attempt {}

  /** A retryable status ({@link #isRetryable}); its {@code Retry-After} is in the exchange's {@link Answer}. */
  record Retryable(int status) implements Attempt {}

  /** No response arrived; {@code noToken}: no request went out, for want of an access token. */
  record NoResponse(Throwable cause, boolean noToken) implements Attempt {

    NoResponse(Throwable cause) {
      this(cause, false);
    }

    /**
     * The certificate failure in the cause chain (an untrusted certificate, one that does not name the host), or
     * null: such a failure does not pass, so it is not retried. A handshake that timed out or was cut is retried.
     */
    Throwable tlsFailure() {
      Throwable tls = null;
      int depth = 0;
      for (Throwable t = cause; t != null && depth < 32; t = t.getCause(), depth++) {
        if (t instanceof java.security.cert.CertificateException
            || t instanceof java.security.cert.CertPathValidatorException
            || t instanceof java.security.cert.CertPathBuilderException
            || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
          tls = t;
        } else if (tls == null && t instanceof javax.net.ssl.SSLHandshakeException handshake
            && handshake.getCause() instanceof java.security.cert.CertificateException) {
          tls = t; // names the check that failed ("PKIX path building failed", "No name matching ...")
        }
      }
      return tls;
    }
  }

  /** An answer the spec does not document, or one that could not be decoded. */
  record Unexpected(int status, String body, Throwable cause) implements Attempt {}

  /**
   * What a failure to get an access token comes to: the token endpoint's refusal, final; else no request went out
   * and the attempt is retried as one that got no response.
   */
  static Attempt ofTokenFailure(Throwable failure) {
    if (failure instanceof TokenRefusedException refused) {
      return new Unauthorized(refused.status(), refused.messages(), false, true);
    }
    return new NoResponse(failure, true);
  }

  /**
   * What a generated client's failure comes to when it is not a provider's answer to map: no response, an
   * undecodable body, an unknown failure, or a retryable status. Null for any other HTTP answer.
   *
   * @param status the HTTP status if {@code failure} is the client's {@code ApiException}, else -1
   */
  static Attempt ofClientFailure(Throwable failure, int status) {
    if (failure instanceof dev.membership.client.support.TransportFailureException) {
      return new NoResponse(reported(failure));
    }
    if (failure instanceof dev.membership.client.support.ResponseDecodingException decoding) {
      return new Unexpected(decoding.status(), "", undecodable(decoding));
    }
    if (status < 100) {
      return new Unexpected(0, "", failure);
    }
    if (isRetryable(status)) {
      return new Retryable(status);
    }
    return null;
  }

  /**
   * What the HTTP client reported, without the generated client's {@code TransportFailureException} around it: a
   * removal's failure is a {@code TransportFailedException} whose cause is that report, so there is one transport
   * failure type to catch and one to read. Any other failure as it is.
   */
  static Throwable reported(Throwable failure) {
    return failure instanceof dev.membership.client.support.TransportFailureException transport
        && transport.getCause() != null ? transport.getCause() : failure;
  }

  /**
   * What a body that could not be decoded comes to: the decoder's class and where it stopped, never its message,
   * which quotes the body (Jackson quotes a token, cut where a Base64 credential's {@code +}, {@code /} or
   * {@code =} stands, so that no whole form of it is left to redact).
   */
  private static Throwable undecodable(dev.membership.client.support.ResponseDecodingException decoding) {
    Throwable cause = decoding.getCause();
    if (cause == null) {
      return decoding; // the client's own words
    }
    String where = "";
    int depth = 0;
    for (Throwable t = cause; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null) {
        where = " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
        break;
      }
    }
    return new UndecodableBody("HTTP " + decoding.status() + " body could not be decoded: "
        + cause.getClass().getSimpleName() + where);
  }

  /** A body that could not be decoded, described without quoting it. */
  final class UndecodableBody extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UndecodableBody(String message) {
      super(message);
    }
  }

  /** {@code attempt} with every text it carries from the network passed through {@code redactor}. */
  static Attempt redacted(Attempt attempt, Redactor redactor) {
    if (attempt instanceof NoResponse noResponse) {
      return new NoResponse(redactor.redact(noResponse.cause()), noResponse.noToken());
    }
    if (attempt instanceof Unexpected unexpected) {
      return new Unexpected(unexpected.status(), redactor.redactKept(unexpected.body()),
          redactor.redact(unexpected.cause()));
    }
    // Answered: the provider call redacted its messages as it read them (ProviderMessage keeps only the start of
    // each, and a credential cut in two could no longer be found). Retryable: Retry-After is parsed, never shown.
    return attempt;
  }

  /** Whether {@code status} is retried (the list {@link dev.membership.core.RetryPolicy} documents). */
  static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 521;
  }
}
