package dev.membership.sandbox.internal;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/** One server instance on one event loop; instances on the same host and port share it, round robin. */
final class SandboxVerticle extends VerticleBase {

  private final SandboxHandler handler;
  private final String host;
  private final int port;
  private volatile int actualPort;

  SandboxVerticle(SandboxHandler handler, String host, int port) {
    this.handler = handler;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setReuseAddress(true)
        .setCompressionSupported(false)
        .setHandle100ContinueAutomatically(true);
    return vertx.createHttpServer(options).requestHandler(handler).listen()
        .onSuccess(server -> actualPort = server.actualPort());
  }

  int actualPort() {
    return actualPort;
  }
}
