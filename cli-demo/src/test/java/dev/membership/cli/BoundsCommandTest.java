package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bound an operator sets holds against a provider that asks for more: {@code --deadline} for one removal, the
 * pause bounds and {@code --stall-timeout} for a bulk run, and no request before the wait a provider asked for is
 * over. Real HTTP on loopback, real time.
 */
class BoundsCommandTest {

  private static final Map<String, String> CREDENTIALS = Map.of("CONFLUENCE_EMAIL", "admin@example.com",
      "CONFLUENCE_API_TOKEN", "bounds-api-token", "CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", "bounds-pw");

  @TempDir
  Path dir;

  private Vertx vertx;
  private String baseUrl;
  /** Each request as it arrives: its provider, and when (System.nanoTime()). */
  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  /** Per provider, the end (System.nanoTime()) of the last Retry-After it was given. */
  private final Map<String, Long> waitUntil = new ConcurrentHashMap<>();
  private final Set<String> earlyRequests = ConcurrentHashMap.newKeySet();

  private record Arrival(String provider, String key, long nanos) {}

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    Await.result(vertx.close());
  }

  /** Serves both providers on one loopback server: {@code answer} answers each request it is given. */
  private void serve(Consumer<HttpServerRequest> answer) {
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      String provider = request.path().startsWith("/v2/userGroup2/") ? "capillary" : "confluence";
      String key = provider.equals("capillary") ? request.getParam("identifierValue") : request.getParam("accountId");
      long now = System.nanoTime();
      Long until = waitUntil.get(provider);
      if (until != null && now < until) {
        earlyRequests.add(provider + " " + key);
      }
      arrivals.add(new Arrival(provider, key, now));
      answer.accept(request);
    }).listen(0, "127.0.0.1"));
    baseUrl = "http://127.0.0.1:" + server.actualPort();
  }

  /** Answers 429 with {@code Retry-After: seconds} and notes until when the provider asked to be left alone. */
  private void tooMany(HttpServerRequest request, String provider, long seconds) {
    waitUntil.merge(provider, System.nanoTime() + Duration.ofSeconds(seconds).toNanos(), Math::max);
    request.response().setStatusCode(429).putHeader("Retry-After", String.valueOf(seconds)).end();
  }

  private static void capillaryRemoved(HttpServerRequest request) {
    request.response().putHeader("Content-Type", "application/json")
        .end("{\"warnings\":[],\"errors\":[],\"success\":true}");
  }

  private List<Arrival> arrivalsOf(String provider) {
    return arrivals.stream().filter(a -> a.provider().equals(provider)).toList();
  }

  @Test
  void aSingleRemovalWithADeadlineOf4sEndsInUnder5sAgainstAnEndlessRetryAfter() {
    serve(request -> tooMany(request, "confluence", 999_999));
    long start = System.nanoTime();

    CliRun run = CliRun.of(CREDENTIALS, "remove", "confluence", "--group-id", "g", "--account-id", "a",
        "--deadline", "4", "--output", "json", "--base-url", baseUrl);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(run.out()).contains("\"result\":\"failed\"").contains("DeadlineExceededException")
        .contains("for 999999 s");
    assertThat(arrivals).hasSize(1);
  }

  @Test
  void aBulkRunMixingAnEndlessRetryAfterWith503sResetsRedirectsAndSuccessesEndsSoonWithEveryRowAccountedFor()
      throws Exception {
    Set<String> answeredOnce = ConcurrentHashMap.newKeySet();
    serve(request -> {
      if (request.path().startsWith("/wiki/")) {
        tooMany(request, "confluence", 999_999);
        return;
      }
      String value = request.getParam("identifierValue");
      boolean first = answeredOnce.add(value);
      if (value.startsWith("503") && first) {
        waitUntil.merge("capillary", System.nanoTime() + Duration.ofSeconds(1).toNanos(), Math::max);
        request.response().setStatusCode(503).putHeader("Retry-After", "1").end();
      } else if (value.startsWith("500") && first) {
        request.response().setStatusCode(503).end(); // no Retry-After: a backoff, the lane stays open
      } else if (value.startsWith("reset") && first) {
        request.connection().close();
      } else if (value.startsWith("redirect")) {
        request.response().setStatusCode(302).putHeader("Location", "http://127.0.0.1:9/elsewhere").end();
      } else {
        capillaryRemoved(request);
      }
    });
    StringBuilder rows = new StringBuilder("provider,groupId,source,identifierName,identifierValue,accountId\n");
    String[] kinds = {"503", "500", "reset", "redirect", "fine"};
    for (int i = 0; i < 50; i++) {
      if (i % 2 == 0) {
        rows.append("confluence,g,,,,account-").append(i).append('\n');
      } else {
        rows.append("capillary,1,INSTORE,externalId,").append(kinds[(i / 2) % kinds.length]).append('-').append(i)
            .append(",\n");
      }
    }
    Path input = Files.writeString(dir.resolve("mixed.csv"), rows);
    Path report = dir.resolve("mixed.report");
    long start = System.nanoTime();

    // One request in flight per provider, so that any request arriving while a wait lasts was sent during it.
    CliRun run = CliRun.of(CREDENTIALS, "bulk", "--input", input.toString(), "--report", report.toString(),
        "--concurrency", "1", "--base-url", baseUrl);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    List<JsonNode> lines = BulkCommandTest.lines(report);
    assertThat(lines).hasSize(50);
    assertThat(lines.stream().map(line -> line.get("row").asLong()).collect(Collectors.toSet())).hasSize(50);
    Map<String, List<JsonNode>> byProvider = lines.stream()
        .collect(Collectors.groupingBy(line -> line.get("input").get("provider").asText()));
    assertThat(byProvider.get("confluence")).hasSize(25).allSatisfy(line -> {
      assertThat(line.get("result").asText()).isEqualTo("failed");
      assertThat(line.get("reason").asText()).isEqualTo("paused");
      assertThat(line.get("error").asText()).contains("asked to wait 999999 s");
    });
    assertThat(byProvider.get("capillary")).hasSize(25).allSatisfy(line -> assertThat(line.get("result").asText())
        .isEqualTo(line.get("input").get("identifierValue").asText().startsWith("redirect") ? "failed" : "removed"));
    assertThat(earlyRequests).as("requests sent before the wait their provider asked for was over").isEmpty();
    assertThat(arrivalsOf("confluence")).as("nothing after the first 429").hasSize(1);
    assertThat(run.err()).contains("warning: confluence: not sent: the provider asked to wait 999999 s")
        .contains("error: confluence was stopped for this run");
  }

  @Test
  void aProviderToWhichNothingCanBeSentForTheStallTimeoutIsStoppedAndTheRunEndsResumable() throws Exception {
    serve(BoundsCommandTest::capillaryRemoved);
    StringBuilder rows = new StringBuilder("provider,groupId,source,identifierName,identifierValue\n");
    for (int i = 0; i < 6; i++) {
      rows.append("capillary,1,INSTORE,externalId,slow-").append(i).append('\n');
    }
    Path input = Files.writeString(dir.resolve("slow.csv"), rows);
    Path report = dir.resolve("slow.report");
    long start = System.nanoTime();

    // One request every 20 s: after the first, nothing can be sent for longer than the stall timeout.
    CliRun run = CliRun.of(CREDENTIALS, "bulk", "--input", input.toString(), "--report", report.toString(),
        "--concurrency", "1", "--rate", "0.05", "--stall-timeout", "2", "--base-url", baseUrl);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(4);
    assertThat(arrivals).hasSize(1);
    List<JsonNode> lines = BulkCommandTest.lines(report);
    assertThat(lines).hasSize(6);
    assertThat(lines).filteredOn(line -> line.get("result").asText().equals("failed")).hasSize(5)
        .allSatisfy(line -> {
          assertThat(line.get("reason").asText()).isEqualTo("stalled");
          assertThat(line.get("attempts").asInt()).isZero();
        });
    assertThat(run.err()).contains("nothing could be sent to the provider for 2 s")
        .contains("error: capillary was stopped for this run").contains("--resume " + report);
  }

  @Test
  void aStallTimeoutBelowOneSecondIsRefusedBeforeAnythingIsSent() throws Exception {
    serve(BoundsCommandTest::capillaryRemoved);
    Path input = Files.writeString(dir.resolve("one.csv"),
        "provider,groupId,source,identifierName,identifierValue\ncapillary,1,INSTORE,externalId,x\n");

    CliRun run = CliRun.of(CREDENTIALS, "bulk", "--input", input.toString(), "--stall-timeout", "0",
        "--base-url", baseUrl);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--stall-timeout").contains("must be positive");
    assertThat(arrivals).isEmpty();
  }
}
