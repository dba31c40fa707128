package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Attempt timeouts and queued deadlines in virtual time, and what closing a remover does to its removals. */
class LifecycleTest extends LoopbackTest {

  private MembershipRemover remover(RemoverOptions options) {
    return MembershipRemover.confluence(vertx, Fixtures.confluence(server), options);
  }

  /** Confluence memberships without end, counting those taken in {@code pulled}. */
  private static Iterator<Membership> endless(AtomicLong pulled) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Membership next() {
        return new Membership.Confluence("g", "account-" + pulled.getAndIncrement());
      }
    };
  }

  @Test
  void aResponseThatTricklesEndsAtTheAttemptTimeoutAndTheRetryGoesOutAtOnceOnANewConnection() {
    Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    List<HttpConnection> closed = new CopyOnWriteArrayList<>();
    server.respondWith(request -> {
      connections.add(request.connection());
      request.connection().closeHandler(ignored -> closed.add(request.connection()));
      if (connections.size() == 1) {
        // 200 and then one byte a second, for ever: never silent, never complete.
        var response = request.response().setChunked(true).setStatusCode(200);
        response.write("{");
        vertx.setPeriodic(1_000, id -> response.write(" "));
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover remover = remover(Fixtures.options(scheduler).attemptTimeout(Duration.ofSeconds(5)).build());

    Future<RemovalOutcome> removal = remover.remove(Fixtures.confluenceMember());
    waitUntil(() -> server.requests().size() == 1);
    scheduler.advance(Duration.ofMillis(4_999));

    assertThat(removal.isComplete()).as("one nanosecond short of the attempt timeout").isFalse();
    assertThat(server.requests()).hasSize(1);
    scheduler.advance(Duration.ofMillis(1));
    RemovalOutcome outcome = await(removal);

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
    assertThat(server.requests()).hasSize(2);
    assertThat(connections).as("the retry went out over a connection of its own").hasSize(2);
    List<Duration> backoff = scheduler.sleeps();
    assertThat(backoff).hasSize(1);
    assertThat(scheduler.elapsed()).as("the attempt timeout, then the backoff, and nothing else")
        .isEqualTo(Duration.ofSeconds(5).plus(backoff.get(0)));
    waitUntil(() -> !closed.isEmpty());
    assertThat(closed).as("the abandoned exchange's connection was closed").hasSize(1);
  }

  @Test
  void aLongQueueWhoseDeadlinePassesFailsUnsentWhenTheOneInFlightGivesUp() {
    server.respondWith(request -> { /* never answers */ });
    MembershipRemover remover = remover(Fixtures.options(scheduler).maxConcurrency(1)
        .deadline(Duration.ofSeconds(1)).build());
    List<Future<RemovalOutcome>> removals = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      removals.add(remover.remove(Fixtures.confluenceMember()));
    }
    waitUntil(() -> server.requests().size() == 1);

    // The one in flight reaches the deadline first (its timer is the oldest); each removal it lets in finds its
    // own deadline passed and lets in the next.
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(removals).allSatisfy(r -> assertThat(awaitFailure(r)).isInstanceOf(DeadlineExceededException.class));
    assertThat(removals.stream().filter(r -> ((RemovalException) r.cause()).attempts() == 0)).hasSize(19_999);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void removeAfterCloseFailsAtOnceSayingTheRemoverWasClosed() {
    MembershipRemover remover = remover(Fixtures.options(scheduler).build());
    await(remover.close());

    Throwable failure = awaitFailure(remover.remove(Fixtures.confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(RemoverClosedException.class, e -> {
      assertThat(e.provider()).isEqualTo(Provider.CONFLUENCE);
      assertThat(e.attempts()).isZero();
    }).hasMessage("confluence: the remover was closed after 0 attempts");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aBulkRunStartedAfterCloseTakesNothing() {
    MembershipRemover remover = remover(Fixtures.options(scheduler).build());
    await(remover.close());
    AtomicLong pulled = new AtomicLong();

    BulkSummary summary = await(remover.removeAll(endless(pulled), result -> { }).completion());

    assertThat(summary.total()).isZero();
    assertThat(summary.stopped()).isTrue();
    assertThat(pulled.get()).isZero();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void closeStopsBulkRunsAndEndsEveryRemovalInFlightOrWaitingWithATypedFailure() {
    server.respondWith(request -> { /* never answers */ });
    MembershipRemover remover = remover(Fixtures.options(scheduler).maxConcurrency(2).build());
    AtomicLong pulled = new AtomicLong();
    List<RemovalResult> results = new CopyOnWriteArrayList<>();
    BulkRemoval run = remover.removeAll(endless(pulled), results::add);
    waitUntil(() -> server.requests().size() == 2);
    List<Future<RemovalOutcome>> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(remover.remove(Fixtures.confluenceMember()));
    }

    await(remover.close());

    BulkSummary summary = await(run.completion());
    assertThat(summary.stopped()).isTrue();
    assertThat(summary.total()).as("every membership taken has its result").isEqualTo(pulled.get())
        .isEqualTo(results.size());
    assertThat(summary.failed()).isEqualTo(summary.total());
    assertThat(results).allSatisfy(r -> assertThat(r.failure()).isInstanceOf(RemoverClosedException.class));
    assertThat(results).filteredOn(r -> r.attempts() == 1).hasSize(2);
    assertThat(waiting).allSatisfy(w -> assertThat(awaitFailure(w))
        .isInstanceOfSatisfying(RemoverClosedException.class, e -> assertThat(e.attempts()).isZero()));
    assertThat(server.requests()).as("nothing was sent after the close").hasSize(2);
  }
}
