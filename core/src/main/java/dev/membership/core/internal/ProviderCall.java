package dev.membership.core.internal;

import dev.membership.client.support.ExchangeHandler;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.function.Function;

/** One HTTP attempt at removing a membership through a generated client; never retries. */
interface ProviderCall {

  Provider provider();

  /** Sends one attempt; {@code exchange} is told when it goes out and what it came to, every failure included. */
  void send(Membership membership, Exchange exchange);

  Future<Void> close();

  /** One attempt's exchange, as the executor follows it. */
  interface Exchange {
    /** The request has a connection; {@code abort} resets it. */
    void sent(Runnable abort);

    /** What the attempt came to; called once. */
    void answered(Attempt result);
  }

  /**
   * The generated client's result handler for {@code exchange}: maps the client's result with {@code mapping},
   * then passes every text of it through {@code redactor} (the one redaction point of what a provider sends back).
   * A mapping that throws makes the attempt {@link Attempt.Unexpected} at once, so an answer is never lost.
   */
  static <T> ExchangeHandler<T> handler(Exchange exchange, Redactor redactor,
      Function<AsyncResult<T>, Attempt> mapping) {
    return new ExchangeHandler<>() {
      @Override
      public void sent(Runnable abort) {
        exchange.sent(abort);
      }

      @Override
      public void handle(AsyncResult<T> result) {
        Attempt attempt;
        try {
          attempt = mapping.apply(result);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
          attempt = new Attempt.Unexpected(0, "", e);
        }
        exchange.answered(Attempt.redacted(attempt, redactor));
      }
    };
  }
}
