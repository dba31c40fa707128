package dev.membership.core;

import static dev.membership.client.support.LoopbackServer.await;

import dev.membership.client.support.LoopbackServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A Vert.x instance, a real loopback server and a virtual scheduler per test. */
abstract class LoopbackTest {

  Vertx vertx;
  LoopbackServer server;
  VirtualScheduler scheduler;

  @BeforeEach
  void startLoopback() {
    vertx = Vertx.vertx();
    server = LoopbackServer.start(vertx);
    scheduler = new VirtualScheduler();
  }

  @AfterEach
  void stopLoopback() {
    server.close();
    await(vertx.close());
  }
}
