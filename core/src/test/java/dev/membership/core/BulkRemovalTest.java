package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk removal against a real loopback server: bounded concurrency, one result per input, summary, stop. */
class BulkRemovalTest extends LoopbackTest {

  private final AtomicInteger inFlightAtServer = new AtomicInteger();
  private final AtomicInteger maxInFlightAtServer = new AtomicInteger();

  /** Answers Confluence requests after a short delay, tracking how many are open at once. */
  private void answerAfterDelay(long millis) {
    server.respondWith(request -> {
      int now = inFlightAtServer.incrementAndGet();
      maxInFlightAtServer.accumulateAndGet(now, Math::max);
      String account = request.getParam("accountId");
      int status = account.startsWith("missing") ? 404 : 204;
      vertx.setTimer(millis, id -> {
        inFlightAtServer.decrementAndGet();
        request.response().setStatusCode(status).end();
      });
    });
  }

  private MembershipRemover remover(int concurrency) {
    return MembershipRemover.confluence(vertx, Fixtures.confluence(server),
        Fixtures.options(scheduler).maxConcurrency(concurrency).build());
  }

  /** Memberships made on demand, counting how many were pulled. */
  private static final class Generated implements Iterator<Membership> {
    final long size;
    final AtomicLong pulled = new AtomicLong();

    Generated(long size) {
      this.size = size;
    }

    @Override
    public boolean hasNext() {
      return pulled.get() < size;
    }

    @Override
    public Membership next() {
      long i = pulled.getAndIncrement();
      return new Membership.Confluence("group-" + (i % 7), (i % 10 == 3 ? "missing-" : "account-") + i);
    }
  }

  @Test
  void keepsAtMostNInFlightAndReportsEveryInputExactlyOnce() {
    answerAfterDelay(3);
    Generated input = new Generated(400);
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover(8).removeAll(input, results::add).completion());

    assertThat(maxInFlightAtServer.get()).isBetween(2, 8);
    assertThat(results).extracting(RemovalResult::position)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 400).boxed().toList());
    assertThat(summary.total()).isEqualTo(400);
    assertThat(summary.removed()).isEqualTo(360);
    assertThat(summary.rejected()).isEqualTo(40);
    assertThat(summary.rejectedByReason()).containsExactly(java.util.Map.entry(
        RejectionReason.GROUP_OR_MEMBER_NOT_FOUND, 40L));
    assertThat(summary.failed()).isZero();
    assertThat(summary.stopped()).isFalse();
    RemovalResult missing = results.stream().filter(r -> r.position() == 3).findFirst().orElseThrow();
    assertThat(missing.outcome()).isEqualTo(
        new RemovalOutcome.Rejected(RejectionReason.GROUP_OR_MEMBER_NOT_FOUND, 404, List.of()));
    assertThat(missing.membership()).isEqualTo(new Membership.Confluence("group-3", "missing-3"));
    assertThat(missing.attempts()).isEqualTo(1);
  }

  @Test
  void streamsHundredThousandWithoutPullingAheadOfTheFreeSlots() {
    server.respond(204, null, null);
    int concurrency = 32;
    Generated input = new Generated(100_000);
    AtomicLong finished = new AtomicLong();
    AtomicLong maxOutstanding = new AtomicLong();
    ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();

    BulkSummary summary = await(remover(concurrency).removeAll(input, result -> {
      maxOutstanding.accumulateAndGet(input.pulled.get() - finished.get(), Math::max);
      finished.incrementAndGet();
      seen.put(result.position(), Boolean.TRUE);
    }).completion());

    assertThat(summary.total()).isEqualTo(100_000);
    assertThat(seen).hasSize(100_000);
    assertThat(maxOutstanding.get()).as("pulled but unfinished memberships").isLessThanOrEqualTo(concurrency);
    assertThat(server.requests()).hasSize(100_000);
  }

  @Test
  void countsRetriesAndFailuresInTheSummary() {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      String account = request.getParam("accountId");
      if (account.equals("flaky") && calls.incrementAndGet() == 1) {
        request.response().setStatusCode(503).putHeader("Retry-After", "1").end();
      } else if (account.equals("broken")) {
        request.response().setStatusCode(418).end();
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    Iterator<Membership> input = List.<Membership>of(new Membership.Confluence("g", "flaky"),
        new Membership.Confluence("g", "broken"), new Membership.Confluence("g", "fine")).iterator();
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover(1).removeAll(input, results::add).completion());

    assertThat(summary.total()).isEqualTo(3);
    assertThat(summary.removed()).isEqualTo(2);
    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.retries()).isEqualTo(1);
    assertThat(results.get(0).attempts()).isEqualTo(2);
    assertThat(results.get(1).failure()).isInstanceOfSatisfying(UnexpectedResponseException.class,
        e -> assertThat(e.status()).isEqualTo(418));
  }

  @Test
  void stopTakesNoMoreInputAndReportsEverythingInFlight() {
    answerAfterDelay(2);
    Generated input = new Generated(10_000);
    List<RemovalResult> results = new CopyOnWriteArrayList<>();
    BulkRemoval[] run = new BulkRemoval[1];
    run[0] = remover(4).removeAll(input, result -> {
      results.add(result);
      if (results.size() == 50) {
        run[0].stop();
      }
    });

    BulkSummary summary = await(run[0].completion());

    assertThat(summary.stopped()).isTrue();
    assertThat(summary.total()).isEqualTo(results.size()).isBetween(50L, 54L);
    assertThat(input.pulled.get()).as("every membership taken is reported").isEqualTo(summary.total());
  }

  @Test
  void reportsMembershipOfAnotherProviderAsFailureAndGoesOn() {
    server.respond(204, null, null);
    Iterator<Membership> input = List.<Membership>of(Fixtures.capillaryMember(), Fixtures.confluenceMember())
        .iterator();
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover(1).removeAll(input, results::add).completion());

    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.removed()).isEqualTo(1);
    assertThat(results.get(0).failure()).isInstanceOf(InvalidInputException.class);
    assertThat(results.get(0).attempts()).isZero();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void endsWithTheSummaryOfWhatWasTakenWhenTheInputFails() {
    server.respond(204, null, null);
    Iterator<Membership> failing = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Membership next() {
        if (i == 10) {
          throw new IllegalStateException("line 11 of input is unreadable");
        }
        return new Membership.Confluence("g", "account-" + i++);
      }
    };
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover(3).removeAll(failing, results::add).completion());

    assertThat(summary.inputFailure()).hasMessage("line 11 of input is unreadable");
    assertThat(summary.total()).isEqualTo(10);
    assertThat(summary.removed()).isEqualTo(10);
    assertThat(summary.stopped()).isFalse();
    assertThat(results).hasSize(10);
    assertThat(server.requests()).hasSize(10);
  }

  @Test
  void takesInOrderWhatAStreamDeliversPastItsDemandInsteadOfDroppingIt() {
    answerAfterDelay(2);
    // A stream that ignores flow control: everything arrives at the first fetch.
    List<Membership> all = LongStream.range(0, 50)
        .mapToObj(i -> (Membership) new Membership.Confluence("g", "account-" + i)).toList();
    ReadStream<Membership> flood = new ReadStream<>() {
      Handler<Membership> handler;
      Handler<Void> end;
      boolean delivered;

      @Override
      public ReadStream<Membership> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public ReadStream<Membership> handler(Handler<Membership> handler) {
        this.handler = handler;
        return this;
      }

      @Override
      public ReadStream<Membership> pause() {
        return this;
      }

      @Override
      public ReadStream<Membership> resume() {
        return this;
      }

      @Override
      public ReadStream<Membership> fetch(long amount) {
        if (!delivered) {
          delivered = true;
          all.forEach(handler::handle);
          end.handle(null);
        }
        return this;
      }

      @Override
      public ReadStream<Membership> endHandler(Handler<Void> endHandler) {
        this.end = endHandler;
        return this;
      }
    };
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover(4).removeAll(flood, results::add).completion());

    assertThat(summary.total()).isEqualTo(50);
    assertThat(summary.removed()).isEqualTo(50);
    assertThat(maxInFlightAtServer.get()).isLessThanOrEqualTo(4);
    assertThat(results).extracting(RemovalResult::membership).containsExactlyInAnyOrderElementsOf(all);
    assertThat(results).extracting(RemovalResult::position)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 50).boxed().toList());
  }

  @Test
  void takesNoNewMembershipWhileTooManyResultsAreUnacknowledged() {
    server.respond(204, null, null);
    Generated input = new Generated(20);
    List<Promise<Void>> unacknowledged = new CopyOnWriteArrayList<>();
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkRemoval run = remover(3).removeAllAcknowledged(input, result -> {
      results.add(result);
      Promise<Void> written = Promise.promise();
      unacknowledged.add(written);
      return written.future();
    });
    waitUntil(() -> results.size() == 3);

    // Three results are out and none is acknowledged: the run holds its three slots and takes nothing more.
    assertThat(input.pulled.get()).isEqualTo(3);
    assertThat(server.requests()).hasSize(3);
    assertThat(run.completion().isComplete()).isFalse();
    unacknowledged.get(0).complete();
    waitUntil(() -> results.size() == 4);
    assertThat(input.pulled.get()).as("one acknowledgement, one more membership").isEqualTo(4);
    for (int acknowledged = 1; acknowledged < 20; acknowledged++) {
      int next = acknowledged;
      waitUntil(() -> unacknowledged.size() > next);
      unacknowledged.get(next).complete();
    }
    BulkSummary summary = await(run.completion());
    assertThat(summary.total()).isEqualTo(20);
    assertThat(server.requests()).hasSize(20);
  }

  @Test
  void readsMembershipsFromAVertxFileStream(@TempDir Path dir) throws Exception {
    answerAfterDelay(1);
    Path file = dir.resolve("memberships.txt");
    Files.write(file, LongStream.range(0, 300).mapToObj(i -> "group-1," + "account-" + i).toList());
    ReadStream<Buffer> lines = RecordParser.newDelimited("\n",
        await(vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true))));
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover(5).removeAll(new MembershipLines(lines), results::add).completion());

    assertThat(summary.total()).isEqualTo(300);
    assertThat(summary.removed()).isEqualTo(300);
    assertThat(maxInFlightAtServer.get()).isLessThanOrEqualTo(5);
    assertThat(results).extracting(r -> ((Membership.Confluence) r.membership()).accountId())
        .contains("account-0", "account-299");
  }

  /** Maps a stream of {@code groupId,accountId} lines to memberships, passing flow control through. */
  private static final class MembershipLines implements ReadStream<Membership> {
    private final ReadStream<Buffer> lines;

    MembershipLines(ReadStream<Buffer> lines) {
      this.lines = lines;
    }

    @Override
    public ReadStream<Membership> exceptionHandler(Handler<Throwable> handler) {
      lines.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Membership> handler(Handler<Membership> handler) {
      lines.handler(handler == null ? null : line -> {
        String[] parts = line.toString().split(",");
        handler.handle(new Membership.Confluence(parts[0], parts[1]));
      });
      return this;
    }

    @Override
    public ReadStream<Membership> pause() {
      lines.pause();
      return this;
    }

    @Override
    public ReadStream<Membership> resume() {
      lines.resume();
      return this;
    }

    @Override
    public ReadStream<Membership> fetch(long amount) {
      lines.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Membership> endHandler(Handler<Void> endHandler) {
      lines.endHandler(endHandler);
      return this;
    }
  }
}
