package dev.membership.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.core.BulkSummary;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.CapillaryCredentials;
import dev.membership.core.CapillaryIdentifier;
import dev.membership.core.CapillarySource;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemoverOptions;
import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxCredentials;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters of a bulk run against the sandbox, read from a SimpleMeterRegistry. */
class MembershipMetricsTest {

  private static final String CONFLUENCE_GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";

  private final Vertx vertx = Vertx.vertx();
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close().await();
    }
    vertx.close().await();
  }

  @Test
  void aBulkRunIsCountedByProviderOutcomeReasonAndStatusAndItsLanesAreGauged() {
    sandbox = Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .faults(FaultSettings.custom().rate503(0.2).seed(3).build()).build()).await();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MembershipMetrics metrics = new MembershipMetrics(registry);
    AtomicInteger told = new AtomicInteger();
    RemovalListener mine = new RemovalListener() {
      @Override
      public void onOutcome(Membership m, dev.membership.core.RemovalOutcome o, int a, java.time.Duration d) {
        told.incrementAndGet();
      }
    };
    MembershipRemover remover = MembershipRemover.builder(vertx)
        .capillary(CapillaryConfig.builder().baseUrl(sandbox.baseUrl())
            .credentials(CapillaryCredentials.ofPassword(SandboxCredentials.CAPILLARY_USERNAME,
                SandboxCredentials.CAPILLARY_PASSWORD)).build())
        .confluence(ConfluenceConfig.builder().siteUrl(sandbox.baseUrl())
            .credentials(ConfluenceCredentials.basic(SandboxCredentials.CONFLUENCE_EMAIL,
                SandboxCredentials.CONFLUENCE_API_TOKEN)).build())
        .options(RemoverOptions.builder().rateLimit(RateLimit.perSecond(200))
            .listener(RemovalListener.both(metrics, mine)).build())
        .build();
    metrics.bindLanes(remover);
    List<Membership> input = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      input.add(new Membership.Confluence(CONFLUENCE_GROUP, "5b10ac8d82e05b22cc7d4ef5"));
    }
    input.add(new Membership.Capillary(777, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE, "918095467895"));

    BulkSummary summary = remover.removeAll(input.iterator(), result -> { }).completion().await();
    remover.close().await();

    assertThat(registry.get("membership.removals").tag("provider", "confluence").tag("outcome", "removed")
        .tag("reason", "none").counter().count()).isEqualTo(summary.removed());
    assertThat(registry.get("membership.removals").tag("provider", "capillary").tag("outcome", "rejected")
        .tag("reason", "group_not_found").counter().count()).isEqualTo(1);
    assertThat(registry.get("membership.removal.duration").tag("provider", "confluence").timer().count())
        .isEqualTo(20);
    double answered503 = registry.find("membership.attempts").tag("status", "503").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    double retried503 = registry.find("membership.retries").tag("status", "503").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    assertThat(retried503).isPositive().isEqualTo(summary.retries()).isEqualTo(answered503);
    assertThat(registry.get("membership.attempts").tag("provider", "confluence").tag("status", "204").counter()
        .count()).isEqualTo(20);
    assertThat(registry.get("membership.lane.open").tag("provider", "confluence").gauge().value()).isEqualTo(1);
    assertThat(registry.get("membership.lane.rate").tag("provider", "capillary").gauge().value()).isEqualTo(200);
    assertThat(told).as("the other listener was told too").hasValue(21);
    assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
        .noneSatisfy(tag -> assertThat(tag.getValue()).contains("5b10ac8d")));
  }
}
