package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-timer tracking of attempts in flight, on real Vert.x timers. */
class InFlightTest {

  private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private Vertx vertx;
  private InFlight inFlight;
  private final ConcurrentLinkedQueue<String> expired = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    inFlight = new InFlight(vertx, TIMEOUT_NANOS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private final class Named extends InFlight.Entry {
    final String name;
    volatile Context expiredOn;
    final CountDownLatch done = new CountDownLatch(1);

    Named(String name) {
      this.name = name;
    }

    @Override
    void expired() {
      expiredOn = Vertx.currentContext();
      expired.add(name);
      done.countDown();
    }
  }

  /** Runs {@code action} on {@code context} and waits for it. */
  private static <T> T on(Context context, java.util.concurrent.Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(ignored -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void expiresOnlyTheUnansweredAttemptsInTheOrderTheyStartedAndForgetsTheAnsweredOnes() throws Exception {
    Context context = vertx.getOrCreateContext();
    List<Named> entries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(new Named("attempt-" + i));
    }
    long start = System.nanoTime();
    on(context, () -> {
      entries.forEach(entry -> inFlight.start(entry, TIMEOUT_NANOS));
      return null;
    });
    // Answered in time: the first, one in the middle and the last.
    assertThat(inFlight.settle(entries.get(0))).isTrue();
    assertThat(inFlight.settle(entries.get(3))).isTrue();
    assertThat(inFlight.settle(entries.get(5))).isTrue();
    assertThat(inFlight.tracked()).isEqualTo(3);

    assertThat(entries.get(4).done.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TIMEOUT_NANOS);
    assertThat(expired).containsExactly("attempt-1", "attempt-2", "attempt-4");
    assertThat(entries.get(1).expiredOn).isSameAs(context);
    assertThat(inFlight.tracked()).isZero();
    // An answer arriving after the expiry is ignored.
    assertThat(inFlight.settle(entries.get(1))).isFalse();
    assertThat(inFlight.settle(entries.get(0))).isFalse();
  }

  @Test
  void expiresEachAttemptOnTheContextItStartedOn() throws Exception {
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    Named a = new Named("a");
    Named b = new Named("b");
    on(first, () -> {
      inFlight.start(a, TIMEOUT_NANOS);
      return null;
    });
    on(second, () -> {
      inFlight.start(b, TIMEOUT_NANOS);
      return null;
    });

    assertThat(a.done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(b.done.await(5, TimeUnit.SECONDS)).isTrue();

    assertThat(a.expiredOn).isSameAs(first);
    assertThat(b.expiredOn).isSameAs(second);
  }

  @Test
  void anAttemptWithLessTimeThanTheCommonTimeoutExpiresFirstOnATimerOfItsOwn() throws Exception {
    Named common = new Named("common");
    Named shorter = new Named("shorter");
    Context context = vertx.getOrCreateContext();
    on(context, () -> {
      inFlight.start(common, TIMEOUT_NANOS);
      inFlight.start(shorter, TimeUnit.MILLISECONDS.toNanos(20));
      return null;
    });

    assertThat(shorter.done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(expired).containsExactly("shorter");
    assertThat(inFlight.tracked()).isEqualTo(1);

    assertThat(common.done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(expired).containsExactly("shorter", "common");
  }

  @Test
  void anAnsweredAttemptWithATimerOfItsOwnNeverExpires() throws Exception {
    Named entry = new Named("short");
    on(vertx.getOrCreateContext(), () -> {
      inFlight.start(entry, TimeUnit.MILLISECONDS.toNanos(20));
      return null;
    });

    assertThat(inFlight.settle(entry)).isTrue();

    assertThat(entry.done.await(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(expired).isEmpty();
  }

  @Test
  void anEntryCanBeStartedAgainAfterItWasSettled() throws Exception {
    Named entry = new Named("again");
    Context context = vertx.getOrCreateContext();
    on(context, () -> {
      inFlight.start(entry, TIMEOUT_NANOS);
      return null;
    });
    assertThat(inFlight.settle(entry)).isTrue();

    on(context, () -> {
      inFlight.start(entry, TIMEOUT_NANOS);
      return null;
    });

    assertThat(entry.done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(expired).containsExactly("again");
    assertThat(inFlight.tracked()).isZero();
  }
}
