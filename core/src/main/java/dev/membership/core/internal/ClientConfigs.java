package dev.membership.core.internal;

import dev.membership.core.RemoverOptions;
import io.vertx.core.json.JsonObject;

/** HTTP client and pool settings both generated clients get from {@link RemoverOptions}. */
final class ClientConfigs {

  private ClientConfigs() {}

  /**
   * No per-request or idle timeout: the executor bounds each attempt with a timer of its scheduler and resets the
   * request of an attempt it gave up on, which closes that connection.
   */
  static JsonObject client(String baseUrl, RemoverOptions options, String userAgent) {
    return new JsonObject()
        .put("basePath", baseUrl)
        .put("connectTimeout", (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .put("keepAlive", true)
        .put("userAgent", userAgent);
  }

  /** As many connections as removals in flight, so an admitted removal never waits for one. */
  static JsonObject pool(RemoverOptions options) {
    return new JsonObject().put("http1MaxSize", options.maxConcurrency()).put("http2MaxSize", options.maxConcurrency());
  }
}
