package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A provider that refuses the credentials (401) is sent nothing more: requests in flight finish, every other
 * removal to it fails unsent, and the other provider's removals go on. Virtual time, real loopback server.
 */
class CredentialsRefusedTest extends LoopbackTest {

  private final AtomicInteger confluenceRequests = new AtomicInteger();
  private final AtomicInteger capillaryRequests = new AtomicInteger();
  private final List<LaneState> changes = new CopyOnWriteArrayList<>();

  /** Confluence answers {@code confluence.apply(accountId, n)} to its request {@code n}; Capillary removes. */
  private void answer(java.util.function.ToIntBiFunction<String, Integer> confluence) {
    server.respondWith(request -> {
      if (request.path().startsWith("/v2/userGroup2/")) {
        capillaryRequests.incrementAndGet();
        request.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(Fixtures.OK);
      } else {
        int n = confluenceRequests.getAndIncrement();
        request.response().setStatusCode(confluence.applyAsInt(request.getParam("accountId"), n)).end();
      }
    });
  }

  private MembershipRemover remover(int concurrency) {
    return MembershipRemover.routing(vertx, Fixtures.capillary(server), Fixtures.confluence(server),
        Fixtures.options(scheduler).maxConcurrency(concurrency).listener(new RemovalListener() {
          @Override
          public void onLaneChange(LaneState state) {
            changes.add(state);
          }
        }).build());
  }

  @Test
  void theFirst401StopsEveryRemovalToThatProviderAndTheOtherProviderGoesOn() {
    answer((account, n) -> 401);
    MembershipRemover remover = remover(3);
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      input.add(i % 6 == 0 ? Fixtures.capillaryMember() : new Membership.Confluence("group-1", "account-" + i));
    }
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover.removeAll(input.iterator(), results::add).completion());

    // Those in flight when the first 401 came (at most the three slots) were answered; the others never sent.
    int sent = confluenceRequests.get();
    assertThat(sent).isBetween(1, 3);
    assertThat(summary.failed()).isEqualTo(50);
    assertThat(summary.removed()).isEqualTo(10);
    assertThat(capillaryRequests.get()).isEqualTo(10);
    List<CredentialsRejectedException> refusals = results.stream()
        .filter(r -> r.membership().provider() == Provider.CONFLUENCE)
        .map(r -> (CredentialsRejectedException) r.failure()).toList();
    assertThat(refusals).hasSize(50);
    assertThat(refusals).filteredOn(CredentialsRejectedException::sent).hasSize(sent)
        .allSatisfy(refused -> assertThat(refused.status()).isEqualTo(401));
    assertThat(refusals).filteredOn(refused -> !refused.sent()).hasSize(50 - sent)
        .allSatisfy(refused -> assertThat(refused.attempts()).isZero());
    assertThat(remover.lanes()).filteredOn(lane -> lane.provider() == Provider.CONFLUENCE)
        .singleElement().hasToString("confluence stopped: unauthorized");
    assertThat(changes).filteredOn(LaneState::closed).singleElement()
        .satisfies(lane -> assertThat(lane.reason()).isEqualTo("unauthorized"));

    // Asked again later: failed at once, unsent.
    Throwable later = scheduler.awaitFailure(remover.remove(new Membership.Confluence("group-1", "account-x")));
    assertThat(later).isInstanceOfSatisfying(CredentialsRejectedException.class,
        refused -> assertThat(refused.sent()).isFalse());
    assertThat(confluenceRequests.get()).isEqualTo(sent);
    await(remover.close());
  }

  @Test
  void aRemovalWaitingToRetryIsNotRetriedOnceTheCredentialsAreRefused() {
    // account-0 is answered 500 (a retry after a backoff), account-1 is answered 401.
    answer((account, n) -> account.equals("account-0") ? 500 : 401);
    MembershipRemover remover = remover(2);

    Future<RemovalOutcome> retrying = remover.remove(new Membership.Confluence("group-1", "account-0"));
    waitUntil(() -> confluenceRequests.get() == 1);
    Future<RemovalOutcome> refused = remover.remove(new Membership.Confluence("group-1", "account-1"));

    assertThat(scheduler.awaitFailure(refused)).isInstanceOf(CredentialsRejectedException.class);
    assertThat(scheduler.awaitFailure(retrying)).isInstanceOfSatisfying(CredentialsRejectedException.class,
        failure -> {
          assertThat(failure.sent()).isFalse();
          assertThat(failure.attempts()).isEqualTo(1);
          assertThat(failure.status()).isEqualTo(500);
        });
    assertThat(confluenceRequests.get()).isEqualTo(2);
    await(remover.close());
  }

  @Test
  void requestsOnAConnectionFinishAndNothingIsSentAfterTheFirst401() throws Exception {
    // Three requests are held by the server; once all three are in, the first is answered 401, the others only
    // later. (Answered at once, the 401 could come back before the other two had their connections: those are then
    // ended unsent, as they should be, and never reach the server.)
    List<io.vertx.core.http.HttpServerRequest> held = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean refusedFirst = new java.util.concurrent.atomic.AtomicBoolean();
    server.respondWith(request -> {
      confluenceRequests.incrementAndGet();
      held.add(request);
      if (held.size() >= 3 && refusedFirst.compareAndSet(false, true)) {
        held.get(0).response().setStatusCode(401).end();
      }
    });
    MembershipRemover remover = remover(3);
    List<Future<RemovalOutcome>> removals = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      removals.add(remover.remove(new Membership.Confluence("group-1", "account-" + i)));
    }
    waitUntil(() -> held.size() == 3);
    try {
      waitUntil(() -> removals.stream().filter(Future::failed).count() >= 8); // the refused one, and the 7 queued
    } catch (AssertionError e) {
      throw new AssertionError("DIAG requests=" + confluenceRequests.get() + " held=" + held.size() + " "
          + removals.stream().map(f -> f.isComplete() ? (f.failed() ? "F:" + f.cause() : "S") : "-").toList()
          + " lanes=" + remover.lanes(), e);
    }

    Thread.sleep(200); // real time for a late request to arrive, if one were sent
    assertThat(confluenceRequests.get()).isEqualTo(3);
    held.subList(1, 3).forEach(request -> request.response().setStatusCode(204).end());
    scheduler.awaitFailure(Future.join(removals));

    // The two held ones were on a connection: they finished with their answers.
    assertThat(removals).filteredOn(Future::succeeded).hasSize(2);
    assertThat(removals).filteredOn(Future::failed).hasSize(8).extracting(Future::cause)
        .allSatisfy(failure -> assertThat(failure).isInstanceOf(CredentialsRejectedException.class));
    assertThat(removals).filteredOn(Future::failed).extracting(f -> ((CredentialsRejectedException) f.cause()).sent())
        .containsOnlyOnce(true);
    assertThat(confluenceRequests.get()).isEqualTo(3);
    await(remover.close());
  }
}
