package dev.membership.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** The sandbox's admin API, called blocking from the benchmark's main thread. */
final class SandboxAdmin implements AutoCloseable {

  private final WebClient client;
  private final String baseUrl;

  SandboxAdmin(Vertx vertx, String baseUrl) {
    this.client = WebClient.create(vertx);
    this.baseUrl = baseUrl;
  }

  /** Sets the provider rate limit in its admin JSON form; every bucket and quota starts afresh. */
  /** The sandbox's rate limit of a token bucket of {@code permitsPerSecond} holding one second's worth. */
  static JsonObject bucket(double permitsPerSecond) {
    return new JsonObject().put("permitsPerSecond", permitsPerSecond)
        .put("burst", (int) Math.max(1, Math.round(permitsPerSecond)));
  }

  void rateLimit(JsonObject limit) {
    call(HttpMethod.PUT, "/_sandbox/rate-limit", limit);
  }

  /** Turns the provider rate limit off. */
  void rateLimitOff() {
    call(HttpMethod.DELETE, "/_sandbox/rate-limit", null);
  }

  /** Delays every provider answer by {@code millis}, and injects nothing else. */
  void latency(long millis) {
    call(HttpMethod.PUT, "/_sandbox/faults", new JsonObject().put("latencyMs", millis));
  }

  /** Injects no faults and no latency. */
  void faultsOff() {
    call(HttpMethod.DELETE, "/_sandbox/faults", null);
  }

  /** Zeroes the counters. */
  void resetCounters() {
    call(HttpMethod.DELETE, "/_sandbox/counters", null);
  }

  /** The Confluence counters: {@code requests}, {@code statuses}, {@code rateLimited429}, …. */
  JsonObject confluenceCounters() {
    return call(HttpMethod.GET, "/_sandbox/counters", null).getJsonObject("confluence");
  }

  private JsonObject call(HttpMethod method, String path, JsonObject body) {
    var request = client.requestAbs(method, baseUrl + path);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    try {
      HttpResponse<Buffer> response = sent.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("sandbox admin API answered " + response.statusCode() + " to " + method
            + " " + path + ": " + response.bodyAsString());
      }
      return response.body() == null || response.body().length() == 0 ? new JsonObject()
          : response.bodyAsJsonObject();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("sandbox admin API call " + method + " " + path + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
