package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulk --metrics-port}: a real Prometheus scrape of a run in progress. */
class MetricsCommandTest {

  @TempDir
  Path dir;

  @Test
  void aRunInProgressIsScrapedForPrometheus() throws Exception {
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .build()));
    try {
      StringBuilder csv = new StringBuilder("provider,groupId,accountId\n");
      for (int i = 0; i < 60; i++) {
        csv.append("confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,5b10ac8d82e05b22cc7d4ef5\n");
      }
      Path input = Files.writeString(dir.resolve("input.csv"), csv);
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      Map<String, String> env = Map.of("CONFLUENCE_BASE_URL", sandbox.baseUrl(), "CONFLUENCE_EMAIL",
          "admin@sandbox.test", "CONFLUENCE_API_TOKEN", "sandbox-admin-token");
      // 60 rows at 20 per second: the run lasts about three seconds, long enough to be scraped.
      CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(env, "bulk", "--input",
          input.toString(), "--rate", "20", "--metrics-port", Integer.toString(port)));

      String scraped = scrapeUntil(port, "membership_removals_total");
      CliRun done = run.get();

      assertThat(done.exitCode()).as(done.err()).isZero();
      assertThat(done.err()).contains("Metrics at http://127.0.0.1:" + port + "/metrics");
      assertThat(scraped).containsPattern(
          "membership_removals_total\\{[^}]*outcome=\"removed\"[^}]*provider=\"confluence\"[^}]*} [1-9]")
          .contains("membership_lane_open{provider=\"confluence\"}")
          .contains("membership_removal_duration_seconds_count{")
          .doesNotContain("5b10ac8d82e05b22cc7d4ef5");
    } finally {
      Await.result(sandbox.close());
      Await.result(vertx.close());
    }
  }

  private static String scrapeUntil(int port, String wanted) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long giveUp = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < giveUp) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains(wanted)) {
          return response.body();
        }
      } catch (java.io.IOException notYet) {
        // the run has not started serving yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no scrape held " + wanted + " within 20 s");
  }
}
