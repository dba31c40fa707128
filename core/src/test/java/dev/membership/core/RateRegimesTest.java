package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.client.support.LoopbackServer;
import dev.membership.sandbox.SandboxRateLimit;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk run with nothing configured against each rate-limit regime the sandbox plays, end to end at small scale
 * and in real time: every membership is removed, none fails, and few requests are answered 429. (The benchmark
 * command measures the same regimes at scale, against their targets.)
 */
class RateRegimesTest {

  private static final Membership.Confluence CONFLUENCE =
      new Membership.Confluence("d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f", "5b10ac8d82e05b22cc7d4ef5");

  private Vertx vertx;
  private Sandbox sandbox;
  private final List<LaneState> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (sandbox != null) {
      LoopbackServer.await(sandbox.close());
    }
    LoopbackServer.await(vertx.close());
  }

  private void start(SandboxRateLimit limit) {
    sandbox = LoopbackServer.await(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .rateLimit(limit).build()));
  }

  private MembershipRemover remover() {
    RemoverOptions options = RemoverOptions.builder().listener(new RemovalListener() {
      @Override
      public void onLaneChange(LaneState state) {
        changes.add(state);
      }
    }).build();
    return MembershipRemover.routing(vertx,
        CapillaryConfig.builder().baseUrl(sandbox.baseUrl())
            .credentials(CapillaryCredentials.ofPassword("sandbox_user", "sandbox-password")).build(),
        ConfluenceConfig.builder().siteUrl(sandbox.baseUrl())
            .credentials(ConfluenceCredentials.basic("admin@sandbox.test", "sandbox-admin-token")).build(),
        options);
  }

  private BulkSummary removeAll(Membership membership, int n) {
    MembershipRemover remover = remover();
    try {
      return LoopbackServer.await(remover.removeAll(Collections.nCopies(n, membership).iterator(), r -> { })
          .completion(), java.time.Duration.ofSeconds(60));
    } finally {
      LoopbackServer.await(remover.close());
    }
  }

  private JsonObject counters(String provider) {
    WebClient admin = WebClient.create(vertx);
    try {
      return LoopbackServer.await(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send()).bodyAsJsonObject()
          .getJsonObject(provider);
    } finally {
      admin.close();
    }
  }

  private long answered429(String provider) {
    return counters(provider).getJsonObject("statuses", new JsonObject()).getLong("429", 0L);
  }

  @Test
  void anUnannouncedLimitIsFoundWithFewRefusals() {
    start(SandboxRateLimit.of(40, 40));

    BulkSummary summary = removeAll(CONFLUENCE, 160);

    assertThat(summary.removed()).isEqualTo(160);
    assertThat(answered429("confluence")).isLessThanOrEqualTo(4);
    assertThat(changes).filteredOn(LaneState::closed).allSatisfy(c -> assertThat(c.reason()).isEqualTo("HTTP 429"));
  }

  @Test
  void aQuotaWithAtlassiansHeadersIsSpentEvenlyWindowByWindow() {
    start(SandboxRateLimit.quota(20, 1));
    long started = System.nanoTime();

    BulkSummary summary = removeAll(CONFLUENCE, 60);

    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(summary.removed()).isEqualTo(60);
    // Three windows' quota at least, spent as the headers say: the run starts anywhere in a window (whose rest the
    // slow start from 10/s may not spend) and may end a moment into the next one. At most one refusal (a probe)
    // per window.
    assertThat(seconds).isBetween(1.9, 5.5);
    assertThat(answered429("confluence")).isLessThanOrEqualTo(4);
  }

  @Test
  void aLimitHalvedMidRunIsFollowed() {
    start(SandboxRateLimit.of(40, 40).changingAfter(1.5, SandboxRateLimit.of(20, 20)));

    BulkSummary summary = removeAll(CONFLUENCE, 100);

    assertThat(summary.removed()).isEqualTo(100);
    assertThat(summary.failed()).isZero();
    assertThat(answered429("confluence")).isLessThanOrEqualTo(6);
  }

  @Test
  void capillarysPerWindowLimitClosesTheLaneUntilTheWindowEndsAndNothingFails() {
    // Capillary's per-minute limit, scaled to a window of 1 s: five requests a window.
    start(SandboxRateLimit.quota(5, 1));

    BulkSummary summary = removeAll(Fixtures.capillaryMember(), 15);

    assertThat(summary.failed()).isZero();
    assertThat(summary.removed() + summary.notAMember()).isEqualTo(15);
    long refused = answered429("capillary");
    assertThat(refused).as("about one per window: the lane closes on the first").isBetween(1L, 5L);
    assertThat(changes).filteredOn(LaneState::closed)
        .allSatisfy(c -> assertThat(c.provider()).isEqualTo(Provider.CAPILLARY));
  }
}
