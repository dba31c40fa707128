package dev.membership.client.support;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A real Vert.x HTTP server on 127.0.0.1 and a random port that records each request and answers with whatever
 * the test tells it to. Tests run the generated clients against it.
 */
public final class LoopbackServer implements AutoCloseable {

  /** What the server saw of one request; query parameters are decoded by the server; the body as UTF-8. */
  public record Recorded(HttpMethod method, String path, String rawQuery, MultiMap params, MultiMap headers,
      String body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();
  private volatile Handler<HttpServerRequest> responder = request -> request.response().setStatusCode(204).end();

  private LoopbackServer(Vertx vertx) {
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    server.requestHandler(request -> {
      MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(request.params());
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
      // Answered once the whole request is in, so that its body is recorded (none for a bodiless request).
      request.body().onComplete(body -> {
        requests.add(new Recorded(request.method(), request.path(), request.query(), params, headers,
            body.succeeded() ? body.result().toString(java.nio.charset.StandardCharsets.UTF_8) : ""));
        responder.handle(request);
      });
    });
  }

  /** Starts a server on 127.0.0.1 and a random port. */
  public static LoopbackServer start(Vertx vertx) {
    LoopbackServer loopback = new LoopbackServer(vertx);
    await(loopback.server.listen());
    return loopback;
  }

  /** {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Answers every request from now on with {@code status}, the content type and body (none when null). */
  public LoopbackServer respond(int status, String contentType, String body) {
    return respondWith(request -> {
      var response = request.response().setStatusCode(status);
      if (contentType != null) {
        response.putHeader("Content-Type", contentType);
      }
      if (body == null) {
        response.end();
      } else {
        response.end(body);
      }
    });
  }

  /** Answers every request from now on with {@code responder}. */
  public LoopbackServer respondWith(Handler<HttpServerRequest> responder) {
    this.responder = responder;
    return this;
  }

  /** Every request seen so far, oldest first. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The only request seen so far; fails if there were none or several. */
  public Recorded onlyRequest() {
    List<Recorded> seen = requests();
    if (seen.size() != 1) {
      throw new AssertionError("expected exactly one request, saw " + seen.size());
    }
    return seen.get(0);
  }

  @Override
  public void close() {
    await(server.close());
  }

  /** Waits at most 10 seconds for {@code future} and returns its result; a failure fails the test. */
  public static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(10));
  }

  /** Waits at most {@code limit} for {@code future} and returns its result; a failure fails the test. */
  public static <T> T await(Future<T> future, Duration limit) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete within " + limit, e);
    }
  }

  /** Waits at most 10 seconds for {@code future} to fail and returns why; success fails the test. */
  public static Throwable awaitFailure(Future<?> future) {
    try {
      Object result = future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("future did not complete within 10 s", e);
    }
  }
}
