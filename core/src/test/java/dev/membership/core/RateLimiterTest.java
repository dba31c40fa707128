package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The per-provider token bucket, in virtual time. */
class RateLimiterTest extends LoopbackTest {

  private final List<Long> attemptTimes = new ArrayList<>();

  private MembershipRemover remover(RateLimit limit) {
    RemovalListener listener = new RemovalListener() {
      @Override
      public void onAttempt(Membership membership, int attempt) {
        synchronized (attemptTimes) {
          attemptTimes.add(scheduler.nanoTime());
        }
      }
    };
    return MembershipRemover.confluence(vertx, Fixtures.confluence(server),
        Fixtures.options(scheduler).rateLimit(limit).listener(listener).build());
  }

  private static Membership member(int i) {
    return new Membership.Confluence("group-1", "account-" + i);
  }

  @Test
  void pacesHundredCallsAtFiftyPerSecondOverAboutTwoSeconds() {
    server.respond(204, null, null);
    MembershipRemover remover = remover(new RateLimit(50, 1));

    List<Future<RemovalOutcome>> calls = IntStream.range(0, 100).mapToObj(i -> remover.remove(member(i))).toList();
    await(Future.all(calls));

    assertThat(server.requests()).hasSize(100);
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMillis(99 * 20));
    assertThat(maxAttemptsInAnySecond()).isLessThanOrEqualTo(51);
  }

  @Test
  void letsABurstThroughAtOnceThenPaces() {
    server.respond(204, null, null);
    MembershipRemover remover = remover(new RateLimit(10, 5));

    await(Future.all(IntStream.range(0, 15).mapToObj(i -> remover.remove(member(i))).toList()));

    List<Long> times;
    synchronized (attemptTimes) {
      times = List.copyOf(attemptTimes);
    }
    assertThat(times.subList(0, 5)).containsOnly(0L);
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void sharesOneBucketAcrossAllCallsOfARemoverButNotAcrossProviders() {
    server.respondWith(request -> {
      if (request.path().startsWith("/v2/")) {
        request.response().putHeader("Content-Type", "application/json").end(Fixtures.OK);
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover routing = MembershipRemover.routing(vertx, Fixtures.capillary(server),
        Fixtures.confluence(server), Fixtures.options(scheduler).rateLimit(new RateLimit(10, 1)).build());

    await(Future.all(IntStream.range(0, 10).mapToObj(i -> routing.remove(member(i))).toList()));
    Duration confluenceOnly = scheduler.elapsed();
    await(routing.remove(Fixtures.capillaryMember()));

    assertThat(confluenceOnly).isEqualTo(Duration.ofMillis(900));
    assertThat(scheduler.elapsed()).as("capillary's own bucket is full").isEqualTo(confluenceOnly);
  }

  private int maxAttemptsInAnySecond() {
    List<Long> times;
    synchronized (attemptTimes) {
      times = attemptTimes.stream().sorted().toList();
    }
    int max = 0;
    for (int i = 0, j = 0; i < times.size(); i++) {
      while (times.get(i) - times.get(j) >= 1_000_000_000L) {
        j++;
      }
      max = Math.max(max, i - j + 1);
    }
    return max;
  }
}
