package dev.membership.core.internal;

import dev.membership.client.support.ExchangeHandler;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.RemovalTracer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** One HTTP attempt at removing a membership through a generated client; never retries. */
interface ProviderCall {

  Provider provider();

  /** What each attempt's request goes to, for its span. */
  RemovalTracer.HttpRequestTarget target();

  /** Sends one attempt; {@code exchange} is told when it goes out and what it came to, every failure included. */
  void send(Membership membership, Exchange exchange);

  Future<Void> close();

  /** One attempt's exchange, as the executor follows it. */
  interface Exchange {
    /** The request has a connection; {@code abort} resets it. */
    void sent(Runnable abort);

    /** The head of the response arrived, before its body: what the provider says of its limits is read here. */
    void responded(int status, io.vertx.core.MultiMap headers);

    /** What the attempt came to; called once. */
    void answered(Attempt result);
  }

  /**
   * Runs {@code send} with the access token to send, or with null when the call has no {@code tokens} (its client
   * holds fixed credentials); a token that does not come answers {@code exchange} instead.
   */
  static void withToken(AccessTokens tokens, Exchange exchange, Consumer<String> send) {
    if (tokens == null) {
      send.accept(null);
      return;
    }
    tokens.current().onComplete((token, failure) -> {
      if (failure != null) {
        exchange.answered(Attempt.ofTokenFailure(failure));
      } else {
        send.accept(token);
      }
    });
  }

  /** Closes {@code client}, and the token source of {@code tokens} if any. */
  static Future<Void> close(Future<Void> client, AccessTokens tokens) {
    return tokens == null ? client : Future.join(client, tokens.close()).mapEmpty();
  }

  /**
   * The generated client's result handler for {@code exchange}: maps the client's result with {@code mapping},
   * which redacts the messages it reads, then passes the rest of what the provider sent (an unexpected body, the
   * cause chain of a failure) through {@code redactor}. A mapping that throws makes the attempt
   * {@link Attempt.Unexpected} at once, so an answer is never lost.
   */
  static <T> ExchangeHandler<T> handler(Exchange exchange, Redactor redactor,
      Function<AsyncResult<T>, Attempt> mapping) {
    return new ExchangeHandler<>() {
      @Override
      public void sent(Runnable abort) {
        exchange.sent(abort);
      }

      @Override
      public void responded(int status, io.vertx.core.MultiMap headers) {
        exchange.responded(status, headers);
      }

      @Override
      public void handle(AsyncResult<T> result) {
        Attempt attempt;
        try {
          attempt = Attempt.redacted(mapping.apply(result), redactor);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Throwable e) {
          // Not its message: it may quote the answer.
          attempt = new Attempt.Unexpected(0, "", new IllegalStateException(
              "the answer could not be mapped: " + e.getClass().getName()));
        }
        exchange.answered(attempt);
      }
    };
  }
}
