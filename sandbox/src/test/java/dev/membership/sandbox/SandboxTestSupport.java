package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.await;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh sandbox (demo seed, two instances, random port) before each test and a client for it. */
abstract class SandboxTestSupport {

  static Vertx vertx;

  Sandbox sandbox;
  SandboxHttp http;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  /** The options of each test's sandbox. */
  SandboxOptions options() {
    return SandboxOptions.custom().instances(2).build();
  }

  @BeforeEach
  void startSandbox() {
    sandbox = await(Sandbox.start(vertx, options()));
    http = new SandboxHttp(vertx, sandbox.port());
  }

  @AfterEach
  void stopSandbox() {
    http.close();
    await(sandbox.close());
  }
}
