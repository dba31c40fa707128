package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a bulk run logs (an INFO line when it starts and ends, WARN when a lane closes, DEBUG per retry with the
 * input position), and that neither the log nor the {@code toString()} of memberships and results holds who was
 * removed.
 */
class LoggingTest extends LoopbackTest {

  private static final String MOBILE = "919876501234";
  private static final String ACCOUNT = "acct-logging-test-7f3e";

  @Test
  void aBulkRunLogsItsStartEndLaneClosuresAndRetriesButNoPersonalData() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      if (calls.getAndIncrement() == 0) {
        request.response().setStatusCode(429).putHeader("Retry-After", "1").end();
      } else if (request.path().startsWith("/v2/")) {
        request.response().putHeader("Content-Type", "application/json").end(Fixtures.OK);
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover remover = MembershipRemover.routing(vertx, Fixtures.capillary(server),
        Fixtures.confluence(server), Fixtures.options(scheduler).maxConcurrency(1).build());
    List<Membership> input = List.of(
        new Membership.Confluence("group-logging", ACCOUNT),
        new Membership.Capillary(77, CapillarySource.MARTJACK, CapillaryIdentifier.MOBILE, MOBILE, ACCOUNT));
    List<RemovalResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover.removeAll(input.iterator(), results::add).completion());
    await(remover.close());

    assertThat(summary.removed()).isEqualTo(2);
    String log = Files.readString(Path.of("target", "core-test.log"));
    assertThat(log).contains("INFO dev.membership.core.internal.BulkRun - bulk run started: at most 1 removals")
        .contains("bulk run finished: 2 removals in ")
        .containsPattern("WARN dev.membership.core.internal.Lane - confluence lane closed for \\d+ ms: HTTP 429")
        .contains("confluence input position 0, attempt 1 of 5: HTTP 429; retrying in");
    assertThat(log).doesNotContain(MOBILE).doesNotContain(ACCOUNT);
    for (Object shown : List.of(input.get(0), input.get(1), results.get(0), results.get(1), summary)) {
      assertThat(shown.toString()).doesNotContain(MOBILE).doesNotContain(ACCOUNT);
    }
    assertThat(input.get(1).toString()).isEqualTo("Capillary[groupId=77, source=MARTJACK, identifierName=MOBILE, "
        + "identifierValue=<hidden>, accountId=<hidden>]");
  }
}
