package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one "collect under the lock, deliver outside it" of core, called directly. */
class SerialDeliveryTest {

  private final List<RuntimeException> thrown = new ArrayList<>();
  private final SerialDelivery delivery = new SerialDelivery(thrown::add);

  @Test
  void runsWhatWasHandedInInOrder() {
    List<Integer> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      delivery.add(() -> ran.add(n));
    }

    delivery.deliver();

    assertThat(ran).containsExactly(0, 1, 2, 3, 4);
    assertThat(delivery.isEmpty()).isTrue();
  }

  @Test
  void aCallbackThatHandsInAndDeliversAgainDoesNotNest() {
    List<String> ran = new ArrayList<>();
    AtomicInteger depth = new AtomicInteger();
    delivery.add(() -> {
      depth.incrementAndGet();
      ran.add("first begins");
      delivery.add(() -> ran.add("second, depth " + depth.get()));
      delivery.deliver(); // returns at once: the outer delivery runs it
      ran.add("first ends");
      depth.decrementAndGet();
    });

    delivery.deliver();

    assertThat(ran).containsExactly("first begins", "first ends", "second, depth 0");
  }

  @Test
  void aCallbackThatThrowsIsReportedAndTheOthersStillRun() {
    List<Integer> ran = new ArrayList<>();
    delivery.add(() -> ran.add(1));
    delivery.add(() -> {
      throw new IllegalStateException("listener bug");
    });
    delivery.add(() -> ran.add(3));

    delivery.deliver();

    assertThat(ran).containsExactly(1, 3);
    assertThat(thrown).singleElement().satisfies(e -> assertThat(e).hasMessage("listener bug"));
  }

  @Test
  void twoThreadsDeliveringRunEachCallbackOnceAndNeverTwoAtATime() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Runnable each = () -> {
      if (running.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      runs.incrementAndGet();
      running.decrementAndGet();
    };
    Runnable producer = () -> {
      try {
        start.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (int i = 0; i < 50_000; i++) {
        delivery.add(each);
        delivery.deliver();
      }
    };
    Thread a = new Thread(producer);
    Thread b = new Thread(producer);
    a.start();
    b.start();
    start.countDown();
    a.join();
    b.join();
    delivery.deliver();

    assertThat(runs.get()).isEqualTo(100_000);
    assertThat(overlaps.get()).isZero();
  }
}
