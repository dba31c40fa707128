package dev.membership.client.support;

import io.vertx.core.AsyncResult;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Wraps a generated client's response handler so that its caller always gets exactly one, typed, result.
 *
 * <p>The stock generated handler reports a transport failure as an HTTP 500 with no cause, and when decoding
 * throws an {@link Error} the error escapes and the caller's future never completes. Through this guard:
 * <ul>
 *   <li>no response at all (refused, reset, timed out) fails with {@link TransportFailureException} carrying the
 *       original cause;</li>
 *   <li>a response whose body cannot be decoded, by an exception or an error, fails with
 *       {@link ResponseDecodingException};</li>
 *   <li>everything else (decoded 2xx results, non-2xx as the generated {@code ApiException}) passes through.</li>
 * </ul>
 */
public final class ResponseGuard {

  private ResponseGuard() {}

  /**
   * Builds a response handler that completes {@code target} exactly once.
   *
   * @param method HTTP method, for failure messages
   * @param base the base URL (scheme, host, port, path prefix), for failure messages
   * @param path the path below it (no query), for failure messages
   * @param resultHandler the caller's handler
   * @param bodyless true when the operation returns nothing: a 2xx then succeeds with {@code null} without the
   *     generated handler (which would do the same)
   * @param generated builds the generated response handler around a given result handler
   * @param <T> the decoded result type
   * @return what to pass the raw response to
   */
  public static <T> Completable<HttpResponse<Buffer>> guard(String method, String base, String path,
      Handler<AsyncResult<T>> resultHandler, boolean bodyless,
      Function<Handler<AsyncResult<T>>, Handler<AsyncResult<HttpResponse<Buffer>>>> generated) {
    return new Guard<>(method, base, path, resultHandler, bodyless, generated);
  }

  /**
   * One request's guard: takes the raw response (as a {@link Completable}, which a Vert.x future calls without
   * wrapping it) and, as {@link #once}, the generated handler's result.
   */
  private static final class Guard<T> implements Completable<HttpResponse<Buffer>> {
    private final String method;
    private final String base;
    private final String path;
    private final Handler<AsyncResult<T>> resultHandler;
    private final boolean bodyless;
    private final Function<Handler<AsyncResult<T>>, Handler<AsyncResult<HttpResponse<Buffer>>>> generated;
    private final AtomicBoolean completed = new AtomicBoolean();
    private int status;

    Guard(String method, String base, String path, Handler<AsyncResult<T>> resultHandler, boolean bodyless,
        Function<Handler<AsyncResult<T>>, Handler<AsyncResult<HttpResponse<Buffer>>>> generated) {
      this.method = method;
      this.base = base;
      this.path = path;
      this.resultHandler = resultHandler;
      this.bodyless = bodyless;
      this.generated = generated;
    }

    private void once(AsyncResult<T> result) {
      if (completed.compareAndSet(false, true)) {
        resultHandler.handle(typed(status, result));
      }
    }

    @Override
    public void complete(HttpResponse<Buffer> response, Throwable failure) {
      if (failure != null) {
        once(Future.failedFuture(new TransportFailureException(method, base + path, failure)));
        return;
      }
      status = response.statusCode();
      if (bodyless && status / 100 == 2) {
        once(Future.succeededFuture());
        return;
      }
      try {
        generated.apply(this::once).handle(Future.succeededFuture(response));
      } catch (Throwable thrown) {
        if (completed.get()) {
          throw thrown;
        }
        once(Future.failedFuture(new ResponseDecodingException(status, thrown)));
      }
    }
  }

  private static <T> AsyncResult<T> typed(int status, AsyncResult<T> result) {
    if (result.failed() && result.cause() != null && result.cause().getCause() instanceof DecodeException decode) {
      return Future.failedFuture(new ResponseDecodingException(status, decode));
    }
    return result;
  }
}
