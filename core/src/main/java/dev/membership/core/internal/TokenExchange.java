package dev.membership.core.internal;

import dev.membership.client.support.ExchangeHandler;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;

/** What the two token sources share: the reset of the request in flight, and how a failure is told. */
final class TokenExchange {

  /** The reset of the request in flight, or null. */
  private volatile Runnable abort;

  /** A result handler for the generated token client that completes {@code answered} and keeps the reset. */
  <T> ExchangeHandler<T> handler(Promise<T> answered) {
    return new ExchangeHandler<>() {
      @Override
      public void sent(Runnable reset) {
        abort = reset;
      }

      @Override
      public void responded(int status, MultiMap headers) {}

      @Override
      public void handle(AsyncResult<T> result) {
        abort = null;
        answered.handle(result);
      }
    };
  }

  void abort() {
    Runnable reset = abort;
    if (reset != null) {
      reset.run();
    }
  }

  /** Whether a token endpoint's status refuses the credentials (rather than failing for now). */
  static boolean refuses(int status) {
    return status == 400 || status == 401 || status == 403;
  }

  /**
   * A failure that is not a refusal, redacted, without the body (it may echo what was sent): an HTTP status is
   * named, any other failure passes through the redactor.
   */
  static Throwable unavailable(Throwable cause, int status, Redactor redactor) {
    if (status > 0) {
      return new IllegalStateException("the token endpoint answered HTTP " + status);
    }
    if (cause instanceof dev.membership.client.support.ResponseDecodingException decoding) {
      // Not the decoder's words: they quote the body.
      return new IllegalStateException("the token endpoint's answer (HTTP " + decoding.status()
          + ") is not the documented one");
    }
    return redactor.redact(Attempt.reported(cause));
  }
}
