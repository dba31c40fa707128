package dev.membership.client.support;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;

/**
 * A result handler that is also told when its request has been handed to a connection, with the means to abort
 * the exchange from then on. Pass one as the result handler of a generated operation: {@code MembershipApiClient}
 * calls {@link #sent} once, before the result, as soon as the request has a connection; a request that never gets
 * one (refused, connect timeout) is not {@code sent}, and its result is a {@link TransportFailureException}.
 *
 * <p>This is what lets a caller start an attempt's clock when the request goes out, not while it waits for a
 * connection, and end an exchange that never finishes (a server that never answers, or answers one byte at a time).
 *
 * @param <T> the operation's result type
 */
public interface ExchangeHandler<T> extends Handler<AsyncResult<T>> {

  /**
   * The request has been handed to a connection and is being sent.
   *
   * @param abort resets the request: an HTTP/1.1 connection is closed, whatever it was doing, and the result
   *     (which still comes, exactly once) is a {@link TransportFailureException} unless the answer was already
   *     complete
   */
  void sent(Runnable abort);

  /**
   * The head of the response has arrived: its status and headers, before its body is read and whatever the status.
   * Called at most once, after {@link #sent} and before the result; not called when no response arrives. This is
   * where a caller reads what every answer says of the provider's limits ({@code X-RateLimit-Remaining}, …),
   * successes included. Does nothing by default.
   */
  default void responded(int status, MultiMap headers) {}
}
