package dev.membership.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RemovalResult;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetryPolicy;
import dev.membership.core.TransportFailedException;
import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxCredentials;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The spans of removals against the sandbox, read from the SDK's in-memory exporter, with Vert.x traced by
 * vertx-opentelemetry. The sandbox runs on a Vert.x of its own, untraced, so every span is the client's.
 */
class MembershipTracingTest {

  private static final String GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  private static final String ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";
  private static final String TEMPLATE = "DELETE /wiki/rest/api/group/userByGroupId";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final Vertx traced = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(openTelemetry)).build();
  private final Vertx sandboxVertx = Vertx.vertx();
  private Sandbox sandbox;
  private MembershipRemover remover;

  @AfterEach
  void stop() {
    if (remover != null) {
      remover.close().await();
    }
    if (sandbox != null) {
      sandbox.close().await();
    }
    traced.close().await();
    sandboxVertx.close().await();
    openTelemetry.close();
  }

  private MembershipRemover remover(String baseUrl, RemoverOptions.Builder options) {
    return MembershipRemover.builder(traced)
        .confluence(ConfluenceConfig.builder().siteUrl(baseUrl)
            .credentials(ConfluenceCredentials.basic(SandboxCredentials.CONFLUENCE_EMAIL,
                SandboxCredentials.CONFLUENCE_API_TOKEN)).build())
        .options(options.tracer(MembershipTracing.create(openTelemetry)).build())
        .build();
  }

  private void startSandbox(FaultSettings faults) {
    sandbox = Sandbox.start(sandboxVertx, SandboxOptions.custom().port(0).seed(SeedSource.demo()).faults(faults)
        .build()).await();
  }

  @Test
  void aRemovalAskedForWhileHandlingARequestIsAChildOfThatRequestsSpanAndItsAttemptAChildOfIt() throws Exception {
    startSandbox(FaultSettings.none());
    remover = remover(sandbox.baseUrl(), RemoverOptions.builder());
    HttpServer server = traced.createHttpServer().requestHandler(request -> remover
        .remove(new Membership.Confluence(GROUP, ACCOUNT))
        .onComplete(outcome -> request.response().end(String.valueOf(outcome.succeeded())))).listen(0, "127.0.0.1")
        .await();

    String answer = sandboxVertx.createHttpClient()
        .request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/offboard")
        .compose(request -> request.send().compose(response -> response.body()))
        .await().toString();
    assertThat(answer).isEqualTo("true");

    List<SpanData> spans = finished(3);
    SpanData serverSpan = only(spans, SpanKind.SERVER);
    SpanData removal = only(spans, SpanKind.INTERNAL);
    SpanData attempt = only(spans, SpanKind.CLIENT);
    assertThat(removal.getName()).isEqualTo("membership.remove");
    assertThat(removal.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    assertThat(removal.getTraceId()).isEqualTo(serverSpan.getTraceId());
    assertThat(removal.getAttributes().get(MembershipTracing.PROVIDER)).isEqualTo("confluence");
    assertThat(removal.getAttributes().get(MembershipTracing.OUTCOME)).isEqualTo("removed");
    assertThat(removal.getAttributes().get(MembershipTracing.ATTEMPTS)).isEqualTo(1L);
    assertThat(removal.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    assertThat(attempt.getParentSpanId()).isEqualTo(removal.getSpanId());
    assertThat(attempt.getName()).isEqualTo(TEMPLATE);
    assertThat(attempt.getAttributes().get(MembershipTracing.METHOD)).isEqualTo("DELETE");
    assertThat(attempt.getAttributes().get(MembershipTracing.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(attempt.getAttributes().get(MembershipTracing.SERVER_PORT)).isEqualTo((long) sandbox.port());
    assertThat(attempt.getAttributes().get(MembershipTracing.URL_TEMPLATE))
        .isEqualTo("/wiki/rest/api/group/userByGroupId");
    assertThat(attempt.getAttributes().get(MembershipTracing.STATUS_CODE)).isEqualTo(204L);
    assertThat(attempt.getAttributes().get(MembershipTracing.RESEND_COUNT)).as("a first attempt is no resend")
        .isNull();
    assertThat(attempt.getAttributes().get(MembershipTracing.ERROR_TYPE)).isNull();
    assertNoPersonalData(spans);
  }

  @Test
  void eachRetryIsAResendWithItsCountAndEachRefusedAttemptAnErrorOfItsStatus() throws Exception {
    startSandbox(FaultSettings.custom().rate503(0.5).seed(7).build());
    remover = remover(sandbox.baseUrl(), RemoverOptions.builder()
        .retryPolicy(RetryPolicy.builder().maxAttempts(8).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(5)).build()));
    List<Membership> input = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      input.add(new Membership.Confluence(GROUP, ACCOUNT));
    }
    List<RemovalResult> results = new CopyOnWriteArrayList<>();
    var summary = remover.removeAll(input.iterator(), results::add).completion().await();
    assertThat(summary.removed()).isEqualTo(12);
    assertThat(summary.retries()).as("the faults made some attempts resends").isPositive();

    int attempts = results.stream().mapToInt(RemovalResult::attempts).sum();
    List<SpanData> spans = finished(12 + attempts);
    List<SpanData> removals = spans.stream().filter(s -> s.getKind() == SpanKind.INTERNAL).toList();
    assertThat(removals).hasSize(12).allSatisfy(removal -> {
      assertThat(removal.getParentSpanContext().isValid()).as("no span was current at removeAll").isFalse();
      List<SpanData> children = spans.stream().filter(s -> s.getParentSpanId().equals(removal.getSpanId()))
          .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
      assertThat((long) children.size()).isEqualTo(removal.getAttributes().get(MembershipTracing.ATTEMPTS));
      for (int i = 0; i < children.size(); i++) {
        SpanData attempt = children.get(i);
        assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attempt.getTraceId()).isEqualTo(removal.getTraceId());
        assertThat(attempt.getAttributes().get(MembershipTracing.RESEND_COUNT)).isEqualTo(i == 0 ? null : (long) i);
        boolean last = i == children.size() - 1;
        assertThat(attempt.getAttributes().get(MembershipTracing.STATUS_CODE)).isEqualTo(last ? 204L : 503L);
        assertThat(attempt.getAttributes().get(MembershipTracing.ERROR_TYPE)).isEqualTo(last ? null : "503");
        assertThat(attempt.getStatus().getStatusCode()).isEqualTo(last ? StatusCode.UNSET : StatusCode.ERROR);
        assertThat(attempt.getEndEpochNanos()).isLessThanOrEqualTo(removal.getEndEpochNanos());
      }
    });
    assertNoPersonalData(spans);
  }

  @Test
  void anAttemptWithoutAnAnswerNamesWhyAndTheRemovalFailsWithItsType() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<SpanData> spans = spansOfOneTransportFailure("http://127.0.0.1:" + closedPort, RemoverOptions.builder());
    SpanData attempt = only(spans, SpanKind.CLIENT);
    assertThat(attempt.getAttributes().get(MembershipTracing.STATUS_CODE)).isNull();
    assertThat(attempt.getAttributes().get(MembershipTracing.ERROR_TYPE)).matches("[a-z][\\w.$]*Exception");
    assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    SpanData removal = only(spans, SpanKind.INTERNAL);
    assertThat(removal.getAttributes().get(MembershipTracing.OUTCOME)).isEqualTo("failed");
    assertThat(removal.getAttributes().get(MembershipTracing.ERROR_TYPE))
        .isEqualTo(TransportFailedException.class.getName());
    assertThat(removal.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void anAttemptCutByTheAttemptTimeoutIsATimeout() throws Exception {
    startSandbox(FaultSettings.custom().latency(5_000, 0).build());
    List<SpanData> spans = spansOfOneTransportFailure(sandbox.baseUrl(),
        RemoverOptions.builder().attemptTimeout(Duration.ofMillis(200)));
    SpanData attempt = only(spans, SpanKind.CLIENT);
    assertThat(attempt.getAttributes().get(MembershipTracing.ERROR_TYPE)).isEqualTo("timeout");
    assertThat(attempt.getParentSpanId()).isEqualTo(only(spans, SpanKind.INTERNAL).getSpanId());
  }

  /** One removal with a single attempt, which fails without an answer: its spans. */
  private List<SpanData> spansOfOneTransportFailure(String baseUrl, RemoverOptions.Builder options)
      throws InterruptedException {
    remover = remover(baseUrl, options.retryPolicy(RetryPolicy.builder().maxAttempts(1).build()));
    Throwable cause = remover.remove(new Membership.Confluence(GROUP, ACCOUNT))
        .<Throwable>map(outcome -> null).recover(io.vertx.core.Future::succeededFuture).await();
    assertThat(cause).isInstanceOf(TransportFailedException.class);
    return finished(2);
  }

  /** Waits (at most 10 s) until {@code count} spans have ended; no more must come. */
  private List<SpanData> finished(int count) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (exporter.getFinishedSpanItems().size() < count && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).as("spans ended: " + spans).hasSize(count);
    return spans;
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind) {
    List<SpanData> of = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertThat(of).as(kind + " spans").hasSize(1);
    return of.get(0);
  }

  /** No attribute of any span holds the account id, the group id in a URL, or the credentials. */
  private static void assertNoPersonalData(List<SpanData> spans) {
    assertThat(spans).allSatisfy(span -> span.getAttributes().forEach((AttributeKey<?> key, Object value) -> {
      assertThat(String.valueOf(value)).doesNotContain(ACCOUNT).doesNotContain(SandboxCredentials.CONFLUENCE_API_TOKEN)
          .doesNotContain(SandboxCredentials.CONFLUENCE_EMAIL);
      assertThat(key.getKey()).isNotEqualTo("url.full");
    }));
  }
}
