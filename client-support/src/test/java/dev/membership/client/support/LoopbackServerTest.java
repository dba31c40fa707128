package dev.membership.client.support;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test against a {@link LoopbackServer} on a Vert.x instance of its own, both made for each test. */
public abstract class LoopbackServerTest {

  protected Vertx vertx;
  protected LoopbackServer server;

  @BeforeEach
  void startLoopbackServer() {
    vertx = Vertx.vertx();
    server = LoopbackServer.start(vertx);
  }

  @AfterEach
  void stopLoopbackServer() {
    server.close();
    LoopbackServer.await(vertx.close());
  }
}
