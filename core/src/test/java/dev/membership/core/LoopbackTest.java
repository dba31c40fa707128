package dev.membership.core;

import dev.membership.client.support.LoopbackServerTest;
import io.vertx.core.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;

/** A Vert.x instance, a real loopback server (see {@link LoopbackServerTest}) and a virtual scheduler per test. */
abstract class LoopbackTest extends LoopbackServerTest {

  VirtualScheduler scheduler;

  @BeforeEach
  void startScheduler() {
    scheduler = new VirtualScheduler();
  }

  /** Runs the virtual clock until {@code future} completes; returns its result. */
  <T> T await(Future<T> future) {
    return scheduler.await(future);
  }

  /** Waits in real time until {@code condition} holds: for what real I/O does; fails the test after 10 s. */
  static void waitUntil(BooleanSupplier condition) {
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Runs the virtual clock until {@code future} fails; returns why. */
  Throwable awaitFailure(Future<?> future) {
    return scheduler.awaitFailure(future);
  }
}
