package com.example.adopter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import dev.membership.micrometer.MembershipMetrics;
import dev.membership.opentelemetry.MembershipTracing;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxAdminClient;
import dev.membership.sandbox.SandboxCredentials;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an adopter wires up: meters in a SimpleMeterRegistry and spans in the SDK's in-memory exporter. */
class ObservabilityTest {

  private static final String GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  private static final String ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";

  @Test
  void aRemovalAgainstTheSandboxShowsAsMetersAndSpans() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    Vertx vertx = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(openTelemetry)).build();
    Vertx sandboxVertx = Vertx.vertx();
    Sandbox sandbox = Sandbox.start(sandboxVertx, SandboxOptions.custom().port(0).seed(SeedSource.demo()).build())
        .await();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MembershipMetrics metrics = new MembershipMetrics(registry);
    MembershipRemover remover = MembershipRemover.builder(vertx)
        .confluence(ConfluenceConfig.builder().siteUrl(sandbox.baseUrl())
            .credentials(ConfluenceCredentials.basic(SandboxCredentials.CONFLUENCE_EMAIL,
                SandboxCredentials.CONFLUENCE_API_TOKEN))
            .build())
        .options(RemoverOptions.builder().listener(metrics).tracer(MembershipTracing.create(openTelemetry)).build())
        .build();
    metrics.bindLanes(remover);
    try (SandboxAdminClient admin = SandboxAdminClient.create(sandboxVertx, sandbox.baseUrl())) {
      RemovalOutcome outcome = remover.remove(new Membership.Confluence(GROUP, ACCOUNT)).await();

      assertTrue(outcome instanceof RemovalOutcome.Removed, "outcome " + outcome);
      assertTrue(!admin.confluenceMembers(GROUP).await().contains(ACCOUNT), "the account left the group");
      assertEquals(1.0, registry.get("membership.removals").tag("provider", "confluence").tag("outcome", "removed")
          .counter().count());
      assertEquals(1L, registry.get("membership.removal.duration").timer().count());
      assertEquals(1.0, registry.get("membership.lane.open").tag("provider", "confluence").gauge().value());

      remover.close().await();
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertEquals(List.of("DELETE /wiki/rest/api/group/userByGroupId", "membership.remove"),
          spans.stream().map(SpanData::getName).sorted().toList());
      SpanData removal = spans.stream().filter(s -> s.getName().equals("membership.remove")).findFirst()
          .orElseThrow();
      SpanData attempt = spans.stream().filter(s -> s.getName().startsWith("DELETE")).findFirst().orElseThrow();
      assertEquals(removal.getSpanId(), attempt.getParentSpanId());
      assertEquals(204L, attempt.getAttributes().get(
          io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code")));
    } finally {
      sandbox.close().await();
      vertx.close().await();
      sandboxVertx.close().await();
      openTelemetry.close();
    }
  }
}
