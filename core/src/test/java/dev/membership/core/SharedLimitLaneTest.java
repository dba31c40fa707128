package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a lane does with the answers of its {@link SharedLimit}, in virtual time against a real loopback server:
 * calls that never come back, answers no implementation should give, closures from other replicas, and stopping.
 * The limit here is scripted by each test, since the cases are the ones a real server cannot be made to give on
 * cue and its clock cannot be virtual; {@code ratelimit-redis} tests the lane against a real Redis server.
 */
class SharedLimitLaneTest extends LoopbackTest {

  /** Never completes: a call to a frozen server. */
  private static final SharedLimit.Reservation NEVER = new SharedLimit.Reservation.Permit(Duration.ofDays(1));

  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  /** A shared limit that answers call {@code n} (0-based) with {@code script.apply(n)}; records every call. */
  private static final class Scripted implements SharedLimit {
    final List<Promise<Reservation>> calls = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();
    volatile IntFunction<Reservation> script;

    Scripted(IntFunction<Reservation> script) {
      this.script = script;
    }

    @Override
    public Future<Reservation> reserve(String lane, RateLimit limit) {
      Promise<Reservation> call = Promise.promise();
      Reservation answer = script.apply(calls.size());
      calls.add(call);
      if (answer != NEVER) {
        call.complete(answer);
      }
      return call.future();
    }

    @Override
    public Future<Duration> close(String lane, Duration wait, String reason) {
      closes.add(lane + " " + wait + " " + reason);
      return Future.succeededFuture(wait);
    }
  }

  private void answer429At(int refused) {
    server.respondWith(request -> {
      arrivals.add(scheduler.nanoTime());
      if (count.getAndIncrement() == refused) {
        request.response().setStatusCode(429).putHeader("Retry-After", "3").end();
      } else {
        request.response().setStatusCode(204).end();
      }
    });
  }

  private MembershipRemover remover(SharedLimit shared) {
    return MembershipRemover.confluence(vertx, Fixtures.confluence(server), Fixtures.options(scheduler)
        .rateLimit(new RateLimit(20, 1)).sharedLimit(shared, 2).build());
  }

  private static List<Future<RemovalOutcome>> removeAll(MembershipRemover remover, int n) {
    return IntStream.range(0, n).mapToObj(i -> remover.remove(new Membership.Confluence("group-1", "account-" + i)))
        .toList();
  }

  private List<Long> arrivalMillis() {
    return arrivals.stream().map(n -> n / 1_000_000).toList();
  }

  @Test
  void aCallNeverAnsweredFallsBackAfterTwoTimeoutsAndNoOtherCallIsMadeUntilItIsAnswered() {
    answer429At(-1);
    Scripted shared = new Scripted(n -> n == 0 ? NEVER : new SharedLimit.Reservation.Permit(Duration.ZERO));
    MembershipRemover remover = remover(shared);

    List<Future<RemovalOutcome>> first = removeAll(remover, 4);
    scheduler.advance(Duration.ofMillis(50)); // one late answer is not an outage: the lane waits once more
    assertThat(remover.lanes().get(0).rate()).isEqualTo(20.0);
    scheduler.advance(Duration.ofMillis(50)); // the second timeout in a row is
    await(Future.all(first));

    // From an empty bucket at 20/s over 2 replicas: 10/s, from 100 ms on. No other call while the first is out,
    // though the lane would ask again once a second.
    assertThat(arrivalMillis()).containsExactly(200L, 300L, 400L, 500L);
    assertThat(remover.lanes().get(0).rate()).isEqualTo(10.0);
    scheduler.advance(Duration.ofSeconds(2));
    await(Future.all(removeAll(remover, 1)));
    assertThat(shared.calls).hasSize(1);

    // Answered at last: the outage is over, and the next permit is reserved again.
    shared.calls.get(0).complete(new SharedLimit.Reservation.Permit(Duration.ZERO));
    assertThat(remover.lanes().get(0).rate()).isEqualTo(20.0);
    await(Future.all(removeAll(remover, 1)));
    assertThat(shared.calls).hasSize(2);
    await(remover.close());
  }

  @Test
  void anUnusableReservationIsAFailureOfTheSharedLimitNotAStuckLane() {
    answer429At(-1);
    for (SharedLimit.Reservation unusable : new SharedLimit.Reservation[] {null,
        new SharedLimit.Reservation.Permit(null), new SharedLimit.Reservation.Permit(Duration.ofMillis(-5)),
        new SharedLimit.Reservation.Closed(null, "x")}) {
      MembershipRemover remover = remover(new Scripted(n -> unusable));

      assertThat(await(Future.all(removeAll(remover, 2))).<RemovalOutcome>list())
          .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class));
      assertThat(remover.lanes().get(0).rate()).as("the fallback's share").isEqualTo(10.0);
      await(remover.close());
    }
  }

  @Test
  void aClosureFromAnotherReplicaClosesThisLaneForAllItSaysWithoutWritingItBack() {
    answer429At(-1);
    Scripted shared = new Scripted(n -> n == 0
        ? new SharedLimit.Reservation.Closed(Duration.ofHours(5), "HTTP 429")
        : new SharedLimit.Reservation.Permit(Duration.ZERO));
    List<LaneState> changes = new CopyOnWriteArrayList<>();
    MembershipRemover remover = MembershipRemover.confluence(vertx, Fixtures.confluence(server),
        Fixtures.options(scheduler).rateLimit(new RateLimit(20, 1)).sharedLimit(shared, 2)
            .deadline(Duration.ofSeconds(120)).listener(new RemovalListener() {
              @Override
              public void onLaneChange(LaneState state) {
                changes.add(state);
              }
            }).build());
    Instant start = scheduler.now();

    Throwable failure = scheduler.awaitFailure(removeAll(remover, 1).get(0));

    // Five hours asked: nothing goes out before then, and the removal's deadline comes first.
    assertThat(failure).isInstanceOf(DeadlineExceededException.class);
    assertThat(arrivalMillis()).isEmpty();
    assertThat(changes.get(0).closed()).isTrue();
    assertThat(changes.get(0).reason()).isEqualTo("HTTP 429");
    assertThat(changes.get(0).until()).isEqualTo(start.plus(Duration.ofHours(5)));
    assertThat(shared.closes).isEmpty();
    await(remover.close());
  }

  @Test
  void aRefusalThisLaneMeetsIsWrittenToTheSharedLimitOnce() {
    answer429At(1);
    Scripted shared = new Scripted(n -> new SharedLimit.Reservation.Permit(Duration.ZERO));
    MembershipRemover remover = remover(shared);

    await(Future.all(removeAll(remover, 4)));

    assertThat(shared.closes).hasSize(1).allSatisfy(close -> assertThat(close)
        .matches("confluence:[0-9a-f]{64} PT3S HTTP 429"));
    await(remover.close());
  }

  @Test
  void closingTheRemoverWhileACallIsOutLeavesNoTimerAndMakesNoOtherCall() {
    answer429At(-1);
    Scripted shared = new Scripted(n -> NEVER);
    MembershipRemover remover = remover(shared);

    List<Future<RemovalOutcome>> pending = removeAll(remover, 2);
    assertThat(scheduler.pendingTimeouts()).as("the call's bound").isEqualTo(1);
    await(remover.close());

    assertThat(scheduler.pendingTimeouts()).isZero();
    assertThat(pending).allSatisfy(f -> assertThat(f.cause()).isInstanceOf(RemoverClosedException.class));
    shared.calls.get(0).complete(new SharedLimit.Reservation.Permit(Duration.ZERO));
    scheduler.advance(Duration.ofSeconds(5));
    assertThat(shared.calls).hasSize(1);
    assertThat(arrivals).isEmpty();
  }
}
