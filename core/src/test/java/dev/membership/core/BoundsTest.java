package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every bound a user sets holds, whatever the provider asks: a removal's deadline, the longest wait for a
 * {@code Retry-After} or a quota, and a bulk run's stall timeout; and a provider that waits never holds back the
 * other one. Virtual time, real loopback server; request times are read on the virtual clock as requests arrive.
 */
class BoundsTest extends LoopbackTest {

  private final List<Long> confluenceArrivals = new CopyOnWriteArrayList<>();
  private final List<Long> capillaryArrivals = new CopyOnWriteArrayList<>();
  private final AtomicInteger confluenceCount = new AtomicInteger();

  /** Confluence answers its request {@code n} (0-based) with what {@code confluence} gives; Capillary removes. */
  private void answer(IntFunction<Answer> confluence) {
    server.respondWith(request -> {
      if (request.path().startsWith("/v2/userGroup2/")) {
        capillaryArrivals.add(scheduler.nanoTime());
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(Fixtures.OK);
        return;
      }
      confluenceArrivals.add(scheduler.nanoTime());
      Answer answer = confluence.apply(confluenceCount.getAndIncrement());
      request.response().setStatusCode(answer.status());
      answer.headers().forEach(request.response()::putHeader);
      request.response().end();
    });
  }

  private record Answer(int status, Map<String, String> headers) {
    static Answer of(int status) {
      return new Answer(status, Map.of());
    }

    static Answer retryAfter(int status, String seconds) {
      return new Answer(status, Map.of("Retry-After", seconds));
    }
  }

  private MembershipRemover both(RemoverOptions options) {
    return MembershipRemover.routing(vertx, Fixtures.capillary(server), Fixtures.confluence(server), options);
  }

  private static Membership confluence(int i) {
    return new Membership.Confluence("group-1", "account-" + i);
  }

  private static Membership capillary(int i) {
    return new Membership.Capillary(3962910L, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE, "9180954" + i);
  }

  private static List<Long> millis(List<Long> nanos) {
    return nanos.stream().map(n -> n / 1_000_000).toList();
  }

  private BulkResults runAll(MembershipRemover remover, List<Membership> input) {
    List<RemovalResult> results = new CopyOnWriteArrayList<>();
    BulkSummary summary = await(remover.removeAll(input.iterator(), results::add).completion());
    return new BulkResults(summary, results);
  }

  private record BulkResults(BulkSummary summary, List<RemovalResult> results) {
    List<RemovalResult> of(Provider provider) {
      return results.stream().filter(r -> r.membership().provider() == provider).toList();
    }
  }

  @Test
  void aRemovalEndsAtOnceUnsentWhenTheLaneWouldOpenOnlyAfterItsDeadline() {
    answer(n -> Answer.retryAfter(429, "999999"));
    MembershipRemover remover = both(Fixtures.options(scheduler).deadline(Duration.ofSeconds(4))
        .retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofDays(30)).build()).build());

    Throwable first = scheduler.awaitFailure(remover.remove(confluence(0)));
    Throwable later = scheduler.awaitFailure(remover.remove(confluence(1)));

    // Neither waits for its deadline: the wait the lane imposes outlasts it, so each ends at once, saying why.
    assertThat(scheduler.elapsed()).isZero();
    assertThat(first).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.getMessage()).contains("closed (HTTP 429) for 999999 s");
    });
    assertThat(later).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
      assertThat(e.attempts()).isZero();
      assertThat(e.getMessage()).contains("attempt 1 not sent").contains("for 999999 s");
    });
    assertThat(confluenceArrivals).hasSize(1);
  }

  @Test
  void aRemovalWaitingForAPermitEndsAtOnceWhenTheLaneClosesPastItsDeadline() {
    answer(n -> n == 0 ? Answer.retryAfter(429, "30") : Answer.of(204));
    MembershipRemover remover = both(Fixtures.options(scheduler).deadline(Duration.ofSeconds(5))
        .rateLimit(Provider.CONFLUENCE, new RateLimit(1, 1)).build());

    List<Future<RemovalOutcome>> removals = List.of(remover.remove(confluence(0)), remover.remove(confluence(1)));
    Throwable waiting = scheduler.awaitFailure(removals.get(1));

    // The second waited for its permit (due at 1 s) when the first's 429 closed the lane for 30 s.
    assertThat(scheduler.elapsed()).isLessThan(Duration.ofSeconds(1));
    assertThat(waiting).isInstanceOfSatisfying(DeadlineExceededException.class,
        e -> assertThat(e.attempts()).isZero());
    assertThat(scheduler.awaitFailure(removals.get(0))).isInstanceOf(DeadlineExceededException.class);
    assertThat(confluenceArrivals).hasSize(1);
  }

  @Test
  void aWaitLongerThanMaxRetryAfterEndsTheProvidersRowsUnsentAndTheOtherProviderGoesOn() {
    answer(n -> Answer.retryAfter(429, "999999"));
    MembershipRemover remover = both(Fixtures.options(scheduler).maxConcurrency(4).build());
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      input.add(i % 2 == 0 ? confluence(i) : capillary(i));
    }
    Instant start = scheduler.now();

    BulkResults run = runAll(remover, input);

    assertThat(run.summary().total()).isEqualTo(50);
    assertThat(run.of(Provider.CAPILLARY)).hasSize(25).allMatch(r -> r.outcome() instanceof RemovalOutcome.Removed);
    assertThat(run.of(Provider.CONFLUENCE)).hasSize(25).allSatisfy(r ->
        assertThat(r.failure()).isInstanceOfSatisfying(ProviderPausedException.class, paused -> {
          assertThat(paused.waited()).isEqualTo(Duration.ofSeconds(999999));
          assertThat(paused.bound()).isEqualTo(RetryPolicy.ofDefaults().maxRetryAfter());
          assertThat(paused.until()).isEqualTo(start.plusSeconds(999999));
          assertThat(paused.stalled()).isFalse();
        }));
    // Only those in flight when the first 429 came were sent: nothing after it, at any time.
    assertThat(confluenceArrivals).hasSizeBetween(1, 4).allMatch(at -> at == 0);
  }

  @Test
  void aQuotaRefusalIsWaitedOutWithinTheQuotasBoundNotTheRetryAftersOne() {
    answer(n -> n == 0
        ? new Answer(429, Map.of("Retry-After", "600", "RateLimit-Reason", "confluence-quota-tenant-based"))
        : Answer.of(204));
    MembershipRemover remover = both(Fixtures.options(scheduler).maxConcurrency(1).build());

    BulkResults run = runAll(remover, List.of(confluence(0), confluence(1)));

    // Ten minutes: longer than maxRetryAfter (60 s), within a quota's hour.
    assertThat(run.summary().removed()).isEqualTo(2);
    assertThat(millis(confluenceArrivals)).containsExactly(0L, 600_000L, 600_000L);
  }

  @Test
  void stoppingARunEndsWhatItHeldAsideUnsentWhileItsProviderIsPaused() {
    Instant reset = scheduler.now().plus(Duration.ofMinutes(10));
    answer(n -> new Answer(204, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset.toString())));
    MembershipRemover remover = both(Fixtures.options(scheduler).maxConcurrency(1).build());
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      input.add(confluence(i));
    }
    for (int i = 5; i < 8; i++) {
      input.add(capillary(i));
    }
    List<RemovalResult> results = new CopyOnWriteArrayList<>();
    BulkRemoval[] run = new BulkRemoval[1];
    run[0] = remover.removeAll(input.iterator(), result -> {
      results.add(result);
      if (results.stream().filter(r -> r.membership().provider() == Provider.CAPILLARY).count() == 3) {
        run[0].stop(); // Confluence's quota is spent: one of its rows waits in its lane, the others are held aside
      }
    });

    BulkSummary summary = await(run[0].completion());

    assertThat(summary.total()).isEqualTo(8);
    assertThat(results).hasSize(8);
    assertThat(results).filteredOn(r -> r.failure() instanceof BulkStoppedException).hasSize(3)
        .allSatisfy(r -> {
          assertThat(r.attempts()).isZero();
          assertThat(r.position()).isBetween(2L, 4L);
        });
    // The one waiting in the provider's lane went when the quota reset; those held aside were never sent.
    assertThat(millis(confluenceArrivals)).containsExactly(0L, 600_000L);
    assertThat(capillaryArrivals).hasSize(3);
  }

  @Test
  void aProviderThatAskedForLongerThanTheRunWaitsIsStoppedForTheRunEvenOnceItsWaitIsOver() {
    answer(n -> Answer.retryAfter(429, "120"));
    // Capillary at one removal a second: the run lasts longer than Confluence's 120 s.
    MembershipRemover remover = both(Fixtures.options(scheduler).maxConcurrency(1)
        .rateLimit(Provider.CAPILLARY, new RateLimit(1, 1)).build());
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      input.add(i % 2 == 0 ? capillary(i) : confluence(i));
    }

    BulkResults run = runAll(remover, input);

    assertThat(scheduler.elapsed()).isGreaterThan(Duration.ofSeconds(120));
    assertThat(confluenceArrivals).as("nothing after the first 429, not even once its wait was over").hasSize(1);
    assertThat(run.of(Provider.CONFLUENCE)).hasSize(150).allSatisfy(r -> assertThat(r.failure())
        .isInstanceOfSatisfying(ProviderPausedException.class, paused -> {
          assertThat(paused.stalled()).isFalse();
          assertThat(paused.waited()).isEqualTo(Duration.ofSeconds(120));
          assertThat(paused.reason()).isEqualTo("HTTP 429");
        }));
    assertThat(run.of(Provider.CAPILLARY)).hasSize(150).allMatch(r -> r.outcome() instanceof RemovalOutcome.Removed);
  }

  @Test
  void aProviderToWhichNothingCanBeSentForTheStallTimeoutIsStoppedForTheRun() {
    answer(n -> Answer.of(204));
    // One permit every 1,000 s: after the first, nothing goes out for longer than the stall timeout.
    MembershipRemover remover = both(Fixtures.options(scheduler).maxConcurrency(1)
        .rateLimit(Provider.CONFLUENCE, new RateLimit(0.001, 1)).stallTimeout(Duration.ofMinutes(10)).build());
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      input.add(confluence(i));
    }
    input.add(capillary(6));

    BulkResults run = runAll(remover, input);

    assertThat(millis(confluenceArrivals)).containsExactly(0L);
    assertThat(run.of(Provider.CONFLUENCE).get(0).outcome()).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(run.of(Provider.CONFLUENCE).subList(1, 6)).allSatisfy(r -> {
      assertThat(r.failure()).isInstanceOfSatisfying(ProviderPausedException.class, paused -> {
        assertThat(paused.stalled()).isTrue();
        assertThat(paused.waited()).isEqualTo(Duration.ofMinutes(10));
      });
      assertThat(r.attempts()).isZero();
    });
    assertThat(run.of(Provider.CAPILLARY)).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isInstanceOf(RemovalOutcome.Removed.class));
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aQuotaClosureWithinItsBoundIsWaitedOutNotTakenForAStall() {
    Instant reset = scheduler.now().plus(Duration.ofMinutes(40));
    answer(n -> n == 0 ? new Answer(204, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset.toString()))
        : Answer.of(204));
    MembershipRemover remover = both(Fixtures.options(scheduler).maxConcurrency(1)
        .stallTimeout(Duration.ofMinutes(15)).build());

    BulkResults run = runAll(remover, List.of(confluence(0), confluence(1), confluence(2)));

    assertThat(run.summary().removed()).isEqualTo(3);
    assertThat(millis(confluenceArrivals)).containsExactly(0L, 40 * 60_000L, 40 * 60_000L);
  }

  @Test
  void whileOneProvidersLaneIsClosedTheOtherProvidersRowsBehindItAllFinish() {
    // Real time: a bulk run hands results on through its context, which a virtual clock cannot see.
    List<Long> confluenceAt = new CopyOnWriteArrayList<>();
    List<Long> capillaryAt = new CopyOnWriteArrayList<>();
    server.respondWith(request -> {
      if (request.path().startsWith("/v2/userGroup2/")) {
        capillaryAt.add(System.nanoTime());
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(Fixtures.OK);
      } else if (confluenceCount.getAndIncrement() == 0) {
        confluenceAt.add(System.nanoTime());
        request.response().setStatusCode(429).putHeader("Retry-After", "2").end();
      } else {
        confluenceAt.add(System.nanoTime());
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover remover = both(Fixtures.options(scheduler).scheduler(Scheduler.of(vertx)).maxConcurrency(4)
        .build());
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      input.add(confluence(i));
    }
    for (int i = 40; i < 80; i++) {
      input.add(capillary(i));
    }
    Map<Long, RemovalResult> byPosition = new ConcurrentHashMap<>();

    BulkSummary summary = await(remover.removeAll(input.iterator(),
        result -> byPosition.put(result.position(), result)).completion());

    assertThat(summary.removed()).isEqualTo(80);
    assertThat(byPosition).hasSize(80);
    byPosition.forEach((position, result) ->
        assertThat(result.membership()).isEqualTo(input.get(position.intValue())));
    // Every Capillary row went out while Confluence's lane was closed (2 s from its 429); Confluence's rows after.
    long reopened = confluenceAt.get(0) + Duration.ofSeconds(2).toNanos();
    assertThat(capillaryAt).hasSize(40).allMatch(at -> at < reopened);
    assertThat(confluenceAt).filteredOn(at -> at >= reopened).hasSizeGreaterThanOrEqualTo(36);
  }
}
