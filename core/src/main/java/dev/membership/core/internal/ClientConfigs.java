package dev.membership.core.internal;

import dev.membership.core.Provider;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HTTP client and pool settings both generated clients get from {@link RemoverOptions}. */
final class ClientConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderCall.class);

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
        // Vert.x would trace each request with its whole URL, whose query holds the identifier or account id:
        // the remover traces its attempts itself (RemovalTracer), with the path template only.
        .put("tracingPolicy", "IGNORE")
        .put("userAgent", userAgent);
  }

  /**
   * What happens to a failure of a connection (a reset, an answer Netty cannot parse): the request on it fails
   * and is handled as a transport failure; the connection's own report, whose text may quote the server, is
   * logged at DEBUG, redacted, naming the provider, instead of at ERROR by Vert.x.
   */
  static Handler<Throwable> connectionFailures(Provider provider, Redactor redactor) {
    String name = provider.key();
    return failure -> LOG.debug("{} connection failed: {}", name, redactor.redact(String.valueOf(failure)));
  }

  /** One connection for a token endpoint: its requests go one at a time. */
  static JsonObject tokenPool() {
    return new JsonObject().put("http1MaxSize", 1).put("http2MaxSize", 1);
  }

  /** As many connections as removals in flight, so an admitted removal does not wait for one. */
  static JsonObject pool(RemoverOptions options) {
    return new JsonObject().put("http1MaxSize", options.maxConcurrency()).put("http2MaxSize", options.maxConcurrency());
  }
}
