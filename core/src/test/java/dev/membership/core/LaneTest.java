package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each provider's lane, in virtual time against a real loopback server: closures and probes, pacing from the
 * rate-limit headers, and the adaptive rate. Request times are read on the virtual clock as requests arrive.
 */
class LaneTest extends LoopbackTest {

  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final List<LaneState> changes = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  /** Answers request {@code n} (0-based, in arrival order) with {@code answer}; records its virtual time. */
  private void answer(BiConsumer<Integer, HttpServerRequest> answer) {
    server.respondWith(request -> {
      arrivals.add(scheduler.nanoTime());
      answer.accept(count.getAndIncrement(), request);
    });
  }

  private RemoverOptions.Builder options(RateLimit limit) {
    return Fixtures.options(scheduler).rateLimit(limit).listener(new RemovalListener() {
      @Override
      public void onLaneChange(LaneState state) {
        changes.add(state);
      }
    });
  }

  private MembershipRemover remover(RemoverOptions options) {
    return MembershipRemover.confluence(vertx, Fixtures.confluence(server), options);
  }

  private static Membership member(int i) {
    return new Membership.Confluence("group-1", "account-" + i);
  }

  private List<Long> arrivalMillis() {
    return arrivals.stream().map(n -> n / 1_000_000).toList();
  }

  private List<Future<RemovalOutcome>> removeAll(MembershipRemover remover, int n) {
    return IntStream.range(0, n).mapToObj(i -> remover.remove(member(i))).toList();
  }

  /** Answers request {@code refused} 429 with {@code retryAfter}, every other one 204. */
  private void refuseOnly(int refused, String retryAfter) {
    answer((n, request) -> {
      if (n == refused) {
        request.response().setStatusCode(429).putHeader("Retry-After", retryAfter).end();
      } else {
        request.response().setStatusCode(204).end();
      }
    });
  }

  @Test
  void aRefusalClosesTheLaneForEveryRequestThenOneProbeGoesFirstAndTheRestFollowAtTheRate() {
    refuseOnly(2, "2");
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).build());

    await(Future.all(removeAll(remover, 6)));

    // 0.2 s: refused, the lane closes until 2.2 s and its rate is cut to 9/s; the probe goes alone, the others
    // follow after its answer at that rate, rising again (CUBIC).
    List<Long> times = arrivalMillis();
    assertThat(times.subList(0, 4)).containsExactly(0L, 100L, 200L, 2200L);
    assertThat(times).hasSize(7);
    for (int i = 4; i < 7; i++) {
      assertThat(times.get(i) - times.get(i - 1)).isBetween(100L, 111L);
    }
    assertThat(changes.get(0).rate()).isEqualTo(9.0);
    assertThat(changes).extracting(LaneState::status).containsExactly(LaneState.Status.CLOSED,
        LaneState.Status.PROBING, LaneState.Status.OPEN);
    LaneState closed = changes.get(0);
    assertThat(closed.until()).isEqualTo(Instant.parse("2026-11-25T10:00:02.200Z"));
    assertThat(closed.reason()).isEqualTo("HTTP 429");
    assertThat(closed).hasToString("confluence paused until 10:00:02Z: HTTP 429");
    assertThat(remover.lanes()).extracting(LaneState::status).containsExactly(LaneState.Status.OPEN);
  }

  @Test
  void a503WithRetryAfterClosesTheLaneAndOneWithoutRetriesThatRequestAlone() {
    answer((n, request) -> {
      if (n == 1) {
        request.response().setStatusCode(503).putHeader("Retry-After", "3").end();
      } else if (n == 4) {
        request.response().setStatusCode(503).end();
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).build());

    await(Future.all(removeAll(remover, 5)));

    assertThat(changes).extracting(LaneState::reason).containsExactly("HTTP 503", null, null);
    List<Long> times = arrivalMillis();
    assertThat(times.subList(0, 3)).containsExactly(0L, 100L, 3100L);
    assertThat(times).hasSize(7);
    assertThat(changes).hasSize(3); // the 503 without Retry-After closed nothing
  }

  @Test
  void aRetryAfterOfZeroAPastDateGarbageOrNoneClosesTheLaneForOneSecondAndAHugeOneForAYear() {
    for (String retryAfter : new String[] {"0", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "-5", null,
        "9223372036854775807"}) {
      arrivals.clear();
      changes.clear();
      count.set(0);
      answer((n, request) -> {
        if (n == 0) {
          request.response().setStatusCode(429);
          if (retryAfter != null) {
            request.response().putHeader("Retry-After", retryAfter);
          }
          request.response().end();
        } else {
          request.response().setStatusCode(204).end();
        }
      });
      long start = scheduler.nanoTime();
      MembershipRemover remover = remover(options(new RateLimit(10, 1))
          .retryPolicy(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(7)))
          .build());

      if (retryAfter != null && retryAfter.startsWith("92")) {
        // Never sent before the wait is over: closed for the longest the clock takes, past any deadline.
        assertThat(scheduler.awaitFailure(remover.remove(member(0)))).isInstanceOf(DeadlineExceededException.class);
        assertThat(arrivals).containsExactly(start);
        assertThat(remover.lanes().get(0).until()).isEqualTo(scheduler.now().plus(Duration.ofDays(366)));
      } else {
        await(remover.remove(member(0)));
        assertThat(arrivals).as(retryAfter).containsExactly(start, start + 1_000_000_000L);
      }
      await(remover.close());
    }
  }

  @Test
  void spendsWhatTheHeadersSayIsLeftEvenlyUntilTheReset() {
    Instant reset = scheduler.now().plusSeconds(4);
    answer((n, request) -> request.response().setStatusCode(204)
        .putHeader("X-RateLimit-Remaining", String.valueOf(8 - n))
        .putHeader("X-RateLimit-Reset", reset.toString()).end());
    MembershipRemover remover = remover(options(RateLimit.unlimited()).maxConcurrency(1).build());

    await(Future.all(removeAll(remover, 4)));

    // 8 left for 4 s: 2/s, below the adaptive start of 10/s; then 7 for 3.5 s, 6 for 3 s: still 2/s.
    assertThat(arrivalMillis()).containsExactly(0L, 500L, 1000L, 1500L);
  }

  @Test
  void theBetaHeaderPacesAsWellAndTheTighterOfTwoPoliciesWins() {
    answer((n, request) -> request.response().setStatusCode(204)
        .putHeader("Beta-RateLimit", "\"global-app-quota\";r=1000;t=10, \"tenant-quota\";t=20;r=20").end());
    MembershipRemover remover = remover(options(RateLimit.unlimited()).maxConcurrency(1).build());

    await(Future.all(removeAll(remover, 3)));

    assertThat(arrivalMillis()).containsExactly(0L, 1000L, 2000L);
    assertThat(remover.lanes().get(0).rate()).isEqualTo(1.0);
  }

  @Test
  void aQuotaSpentUntilTheResetPausesABulkRunWithoutFailingAndTheLaneSaysUntilWhen() {
    Instant reset = scheduler.now().plusSeconds(30);
    answer((n, request) -> {
      request.response().setStatusCode(204);
      if (n == 1) {
        request.response().putHeader("X-RateLimit-Remaining", "0").putHeader("X-RateLimit-Reset", reset.toString());
      }
      request.response().end();
    });
    // A deadline far shorter than the pause: the bulk run's memberships wait for the lane, they do not fail.
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).maxConcurrency(1)
        .deadline(Duration.ofSeconds(5)).build());

    BulkSummary summary = await(remover.removeAll(IntStream.range(0, 4).mapToObj(LaneTest::member).iterator(),
        result -> { }).completion());

    assertThat(summary.removed()).isEqualTo(4);
    assertThat(summary.failed()).isZero();
    assertThat(arrivalMillis()).containsExactly(0L, 100L, 30_000L, 30_100L);
    assertThat(changes.get(0)).hasToString("confluence paused until 10:00:30Z: quota");
  }

  @Test
  void aRemoveCallWaitingForALaneClosedPastItsDeadlineFailsAtOnceWithoutBeingSent() {
    answer((n, request) -> request.response().setStatusCode(429).putHeader("Retry-After", "30").end());
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).deadline(Duration.ofSeconds(5)).build());

    List<Throwable> failures = removeAll(remover, 3).stream().map(this::awaitFailure).toList();

    assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(DeadlineExceededException.class));
    assertThat(arrivals).hasSize(1);
    assertThat(scheduler.elapsed()).as("none waited for its deadline").isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void malformedRateLimitHeadersAreIgnored() {
    String[][] bad = {
        {"X-RateLimit-Remaining", "-1"}, {"X-RateLimit-Remaining", "lots"}, {"X-RateLimit-Reset", "tomorrow"},
        {"X-RateLimit-Reset", "1764669600"}, {"Beta-RateLimit", "\"q\";r=;t=5"}, {"Beta-RateLimit", ";;;,,"},
        {"X-RateLimit-NearLimit", "maybe"}, {"Beta-RateLimit", "\"q\";r=99999999999999999999999;t=-3"}};
    answer((n, request) -> {
      request.response().setStatusCode(204).putHeader("X-RateLimit-Remaining", "5");
      String[] header = bad[n % bad.length];
      request.response().headers().set(header[0], header[1]);
      request.response().end();
    });
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).maxConcurrency(1).build());

    List<RemovalOutcome> outcomes = removeAll(remover, bad.length).stream().map(this::await).toList();

    assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(RemovalOutcome.Removed.class));
    assertThat(remover.lanes().get(0).rate()).isEqualTo(10.0);
    assertThat(changes).isEmpty();
  }

  @Test
  void nearLimitCutsTheRateOnceAMeasuringWindowWithoutClosingTheLane() {
    answer((n, request) -> request.response().setStatusCode(204).putHeader("X-RateLimit-NearLimit", "true").end());
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).maxConcurrency(1).build());

    await(Future.all(removeAll(remover, 5)));

    // One cut in the 0.4 s of the run, to 0.9 of the 10/s the provider was seen to accept; the lane stays open.
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).status()).isEqualTo(LaneState.Status.OPEN);
    assertThat(changes.get(0).rate()).isEqualTo(9.0);
  }

  @Test
  void nearLimitWithWhatIsLeftKnownCutsNothing() {
    Instant reset = scheduler.now().plusSeconds(4);
    answer((n, request) -> request.response().setStatusCode(204).putHeader("X-RateLimit-NearLimit", "true")
        .putHeader("X-RateLimit-Remaining", String.valueOf(8 - n)).putHeader("X-RateLimit-Reset", reset.toString())
        .end());
    MembershipRemover remover = remover(options(new RateLimit(10, 1)).maxConcurrency(1).build());

    await(Future.all(removeAll(remover, 3)));

    // The even spend of what is left (8 in 4 s: 2/s) paces the lane; the adaptive rate is not cut.
    assertThat(arrivalMillis()).containsExactly(0L, 500L, 1000L);
    assertThat(changes).isEmpty();
  }

  @Test
  void theAdaptiveRateStartsLowAndDoublesWhileRequestsQueue() {
    answer((n, request) -> request.response().setStatusCode(204).end());
    MembershipRemover remover = remover(options(RateLimit.unlimited()).maxConcurrency(1000).build());

    await(Future.all(removeAll(remover, 300)));

    List<Long> times = arrivalMillis();
    assertThat(times.subList(0, 2)).containsExactly(0L, 100L); // 10/s at first
    // At a constant 10/s, 300 requests take 30 s; doubling every 200 ms, about 1.3 s.
    assertThat(scheduler.elapsed()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1600));
    assertThat(remover.lanes().get(0).rate()).isGreaterThan(300);
  }

  @Test
  void aConfiguredRateIsTheAdaptiveRatesCeiling() {
    answer((n, request) -> request.response().setStatusCode(204).end());
    MembershipRemover remover = remover(options(new RateLimit(20, 1)).maxConcurrency(1000).build());

    await(Future.all(removeAll(remover, 41)));

    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(remover.lanes().get(0).rate()).isEqualTo(20.0);
  }

  @Test
  void a429CutsTheAdaptiveRateToNineTenthsOfWhatTheProviderAcceptedAndFewRequestsAreRefused() {
    // Accepts 20 per second of the virtual clock, then refuses the rest of that second.
    answer((n, request) -> {
      long second = scheduler.nanoTime() / 1_000_000_000L;
      long inSecond = arrivals.stream().filter(t -> t / 1_000_000_000L == second).count();
      if (inSecond > 20) {
        request.response().setStatusCode(429).putHeader("Retry-After", "1").end();
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover remover = remover(options(RateLimit.unlimited()).maxConcurrency(50).build());

    await(Future.all(removeAll(remover, 200)));

    // Slow start overshoots once; the cuts find the limit in two refusals, at 0.9 of what was accepted.
    long refused = count.get() - 200;
    assertThat(refused).as("requests refused").isBetween(1L, 4L);
    LaneState last = changes.get(changes.size() - 1);
    assertThat(last.status()).isEqualTo(LaneState.Status.OPEN);
    assertThat(last.rate()).isBetween(0.7 * 20, 0.9 * 20);
    // 200 at 20/s take 10 s at best; each refusal closes the lane for a second.
    assertThat(scheduler.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(14));
  }

  @Test
  void afterACutTheRateIsBackAtItsReferenceAfterFourSecondsOfRequestsQueueing() {
    refuseOnly(40, "1");
    MembershipRemover remover = remover(options(new RateLimit(20, 1)).maxConcurrency(1000).build());

    await(Future.all(removeAll(remover, 200)));

    // 40 accepted in the first 2 s: the reference is 20/s, the rate after the cut 18/s.
    assertThat(changes.get(0).rate()).isEqualTo(18.0);
    List<Long> times = arrivalMillis();
    assertThat(times.get(40)).isEqualTo(2000L);
    assertThat(times.get(41)).as("the probe").isEqualTo(3000L);
    assertThat(times.get(42) - times.get(41)).isBetween(55L, 56L); // 1/18 s
    // Four seconds after the probe the rate is back at 20/s, the ceiling.
    for (int i = 1; i < times.size(); i++) {
      if (times.get(i - 1) >= 7100) {
        assertThat(times.get(i) - times.get(i - 1)).isEqualTo(50L);
      }
    }
    assertThat(remover.lanes().get(0).rate()).isEqualTo(20.0);
  }
}
