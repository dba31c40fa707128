package dev.membership.core.internal;

import dev.membership.core.RemoverOptions;
import io.vertx.core.json.JsonObject;

/** Web client and pool settings both generated clients get from {@link RemoverOptions}. */
final class ClientConfigs {

  private ClientConfigs() {}

  static JsonObject client(String baseUrl, RemoverOptions options, String userAgent) {
    return new JsonObject()
        .put("basePath", baseUrl)
        // No per-request timeout and no connection idle timeout, both of which cost every request: the executor
        // bounds each attempt itself, with one timer for all of them, and takes back the connection of an attempt
        // it gave up on by renewing the connection pool (RenewableConnections).
        .put("connectTimeout", (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .put("followRedirects", false)
        .put("keepAlive", true)
        .put("userAgent", userAgent);
  }

  static JsonObject pool(RemoverOptions options) {
    return new JsonObject().put("http1MaxSize", options.maxConcurrency()).put("http2MaxSize", options.maxConcurrency());
  }
}
