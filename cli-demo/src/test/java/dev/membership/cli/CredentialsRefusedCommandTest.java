package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong credential stops the run's requests to that provider at the first 401: its rows fail with reason
 * {@code unauthorized} without being sent, the other provider's rows go on, the command says what to fix and exits
 * 4, and {@code --resume} redoes those rows once the credential is fixed.
 */
class CredentialsRefusedCommandTest {

  private static final String WRONG_TOKEN = "Wrong-Token-Sentinel-55";
  private static final String CONFLUENCE_ROW =
      "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,,,,5b10ac8d82e05b22cc7d4ef5\n";
  private static final String CAPILLARY_ROW = "capillary,3962910,INSTORE,mobile,918095467895,\n";

  @TempDir
  Path dir;

  private Vertx vertx;
  private Sandbox sandbox;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo()).build()));
  }

  @AfterEach
  void stop() {
    Await.result(sandbox.close());
    Await.result(vertx.close());
  }

  private Map<String, String> env(String confluenceToken) {
    return new HashMap<>(Map.of("CAPILLARY_BASE_URL", sandbox.baseUrl(), "CONFLUENCE_BASE_URL", sandbox.baseUrl(),
        "CAPILLARY_USERNAME", "sandbox_user", "CAPILLARY_PASSWORD", "sandbox-password",
        "CONFLUENCE_EMAIL", "admin@sandbox.test", "CONFLUENCE_API_TOKEN", confluenceToken));
  }

  private long confluenceRequests() {
    WebClient admin = WebClient.create(vertx);
    try {
      JsonObject counters = Await.result(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send())
          .bodyAsJsonObject();
      return counters.getJsonObject("confluence").getLong("requests");
    } finally {
      admin.close();
    }
  }

  @Test
  void theFirst401StopsThatProvidersRequestsSaysWhatToFixAndResumeRedoesItsRows() throws Exception {
    Path input = Files.writeString(dir.resolve("input.csv"),
        "provider,groupId,source,identifierName,identifierValue,accountId\n" + CAPILLARY_ROW
            + CONFLUENCE_ROW.repeat(40));
    Path report = dir.resolve("report.jsonl");

    CliRun refused = CliRun.of(env(WRONG_TOKEN), "bulk", "--input", input.toString(), "--report",
        report.toString(), "--concurrency", "2");

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCode.FAILED);
    assertThat(refused.err()).contains("error: confluence refused the credentials and was sent nothing more: set "
        + "working CONFLUENCE_EMAIL with CONFLUENCE_API_TOKEN, or CONFLUENCE_OAUTH_TOKEN, or CONFLUENCE_OAUTH_CLIENT_ID "
        + "with CONFLUENCE_OAUTH_CLIENT_SECRET and a refresh token (in the environment or --credentials-file), then "
        + "run again with --resume " + report + " to redo its rows.");
    assertThat(confluenceRequests()).as("at most the two in flight").isBetween(1L, 2L);
    List<JsonNode> lines = BulkCommandTest.lines(report);
    assertThat(lines).hasSize(41);
    assertThat(lines).filteredOn(line -> line.get("input").get("provider").asText().equals("confluence"))
        .hasSize(40).allSatisfy(line -> {
          assertThat(line.get("result").asText()).isEqualTo("failed");
          assertThat(line.get("reason").asText()).isEqualTo("unauthorized");
        });
    assertThat(lines).filteredOn(line -> line.get("input").get("provider").asText().equals("capillary"))
        .singleElement().satisfies(line -> assertThat(line.get("result").asText()).isEqualTo("removed"));

    CliRun resumed = CliRun.of(env("sandbox-admin-token"), "bulk", "--input", input.toString(), "--resume",
        report.toString());

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).containsPattern("(?m)^removed +40$")
        .containsPattern("(?m)^skipped \\(already in report\\) +1$");
  }

  @Test
  void removeSaysWhatToFixToo() {
    CliRun run = CliRun.of(env(WRONG_TOKEN), "remove", "confluence", "--group-id",
        "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f", "--account-id", "5b10ac8d82e05b22cc7d4ef5");

    assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
    assertThat(run.err()).contains("error: confluence refused the credentials and was sent nothing more: "
        + "set working CONFLUENCE_EMAIL with CONFLUENCE_API_TOKEN");
  }
}
