package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.client.support.LoopbackServer;
import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-provider admission against the real sandbox: however many removals are asked for at once, at most
 * {@code maxConcurrency} are in flight, the rest wait their turn, and each membership is sent once.
 */
class AdmissionTest {

  /** An account and a group of the sandbox's demo seed; Confluence answers 204 to every repeat. */
  private static final Membership.Confluence MEMBERSHIP =
      new Membership.Confluence("d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f", "5b10ac8d82e05b22cc7d4ef5");

  private Vertx vertx;
  private Sandbox sandbox;
  private ConfluenceConfig config;

  @BeforeEach
  void startSandbox() {
    vertx = Vertx.vertx();
    sandbox = LoopbackServer.await(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .faults(FaultSettings.custom().latency(20, 0).build()).build()));
    config = ConfluenceConfig.builder().siteUrl(sandbox.baseUrl())
        .credentials(ConfluenceCredentials.basic("admin@sandbox.test", "sandbox-admin-token")).build();
  }

  @AfterEach
  void stopSandbox() {
    LoopbackServer.await(sandbox.close());
    LoopbackServer.await(vertx.close());
  }

  /** Confluence requests the sandbox has received. */
  private long sandboxRequests() {
    WebClient admin = WebClient.create(vertx);
    try {
      JsonObject counters = LoopbackServer.await(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send())
          .bodyAsJsonObject();
      return counters.getJsonObject("confluence").getLong("requests");
    } finally {
      admin.close();
    }
  }

  @Test
  void tenThousandConcurrentRemovalsAreEachSentOnceWithDefaultOptions() {
    AtomicInteger retries = new AtomicInteger();
    MembershipRemover remover = MembershipRemover.confluence(vertx, config, RemoverOptions.builder()
        .listener(new RemovalListener() {
          @Override
          public void onRetry(Membership m, int attempt, int status, Duration delay) {
            retries.incrementAndGet();
          }
        }).build());
    List<Future<RemovalOutcome>> removals = new ArrayList<>();

    for (int i = 0; i < 10_000; i++) {
      removals.add(remover.remove(MEMBERSHIP));
    }
    LoopbackServer.await(Future.all(removals), Duration.ofSeconds(50));

    assertThat(removals).allSatisfy(r -> assertThat(r.result()).isInstanceOf(RemovalOutcome.Removed.class));
    assertThat(sandboxRequests()).as("requests the sandbox received").isEqualTo(10_000);
    assertThat(retries.get()).isZero();
    LoopbackServer.await(remover.close());
  }

  @Test
  void removalsStillWaitingForTheirTurnAtTheDeadlineFailWithoutBeingSent() {
    VirtualScheduler scheduler = new VirtualScheduler();
    AtomicInteger attempts = new AtomicInteger();
    MembershipRemover remover = MembershipRemover.confluence(vertx, config, RemoverOptions.builder()
        .scheduler(scheduler).rateLimit(new RateLimit(1_000_000, 10_000)).maxConcurrency(4).deadline(Duration.ofSeconds(1)).listener(new RemovalListener() {
          @Override
          public void onAttempt(Membership m, int attempt) {
            attempts.incrementAndGet();
          }
        }).build());
    // The sandbox answers in 20 ms of real time, during which the virtual clock stands still: every removal
    // would get its turn. Holding the answers back keeps the first four in flight while the clock passes the
    // deadline.
    WebClient admin = WebClient.create(vertx);
    LoopbackServer.await(admin.putAbs(sandbox.baseUrl() + "/_sandbox/faults")
        .sendJsonObject(FaultSettings.custom().latency(60_000, 0).build().toJson()));
    admin.close();
    List<Future<RemovalOutcome>> removals = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      removals.add(remover.remove(MEMBERSHIP));
    }
    LoopbackTest.waitUntil(() -> sandboxRequests() == 4);

    scheduler.advance(Duration.ofSeconds(1));

    List<Throwable> failures = removals.stream().map(r -> scheduler.awaitFailure(r)).toList();
    assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(DeadlineExceededException.class));
    assertThat(failures).filteredOn(f -> ((RemovalException) f).attempts() == 1).hasSize(4);
    assertThat(failures.subList(4, 100)).allSatisfy(f -> assertThat(((RemovalException) f).attempts()).isZero());
    assertThat(sandboxRequests()).as("only the removals admitted were sent").isEqualTo(4);
    assertThat(attempts.get()).isEqualTo(4);
    LoopbackServer.await(remover.close());
  }
}
