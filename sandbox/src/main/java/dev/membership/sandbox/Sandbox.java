package dev.membership.sandbox;

import dev.membership.sandbox.internal.SandboxServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A running simulator of Capillary's {@code DELETE /v2/userGroup2/{groupId}/leave} and Confluence's
 * {@code DELETE /wiki/rest/api/group/userByGroupId}, with its admin API under {@code /_sandbox/}.
 *
 * <pre>{@code
 * Sandbox sandbox = Sandbox.start(vertx, SandboxOptions.ofDefaults()).await();
 * String baseUrl = sandbox.baseUrl();          // http://127.0.0.1:PORT
 * ...
 * sandbox.close().await();
 * }</pre>
 */
public interface Sandbox {

  /**
   * Loads the initial state and starts listening: {@code options.instances()} server instances on event loops of
   * {@code vertx}, sharing one port.
   *
   * @return a future of the running sandbox; it fails if the seed cannot be read or is invalid
   *     ({@link IllegalArgumentException}, {@link java.io.UncheckedIOException}) or the port cannot be bound
   * @throws NullPointerException if an argument is null
   */
  static Future<Sandbox> start(Vertx vertx, SandboxOptions options) {
    return SandboxServer.start(vertx, options);
  }

  /** The port the sandbox listens on (the chosen one when the options said 0). */
  int port();

  /** The base URL of both providers and the admin API, {@code http://HOST:PORT} with no trailing slash. */
  String baseUrl();

  /** The options it was started with. */
  SandboxOptions options();

  /**
   * Stops listening; open connections are closed.
   *
   * @return a future completed once every instance has stopped
   */
  Future<Void> close();
}
