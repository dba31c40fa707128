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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth credentials from the environment for both providers against the sandbox's token endpoints: a bulk run
 * removes every row, the rotated refresh token lands in its file (mode 600) and carries the next run, and no
 * secret or token reaches the output, the report or the file's neighbours.
 */
class OAuthCommandTest {

  private static final String CLIENT_SECRET = "sandbox-client-secret";
  private static final String APP_SECRET = "sandbox-oauth-secret";
  private static final String FIRST_REFRESH_TOKEN = "sandbox-refresh-token";
  private static final String CONFLUENCE_ROW =
      "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,,,,5b10ac8d82e05b22cc7d4ef5\n";
  private static final String CAPILLARY_ROW = "capillary,3962910,INSTORE,mobile,918095467895,\n";
  private static final String HEADER = "provider,groupId,source,identifierName,identifierValue,accountId\n";

  @TempDir
  Path dir;

  private Vertx vertx;
  private Sandbox sandbox;
  private Path tokenFile;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo()).build()));
    tokenFile = dir.resolve("confluence-refresh-token");
  }

  @AfterEach
  void stop() {
    Await.result(sandbox.close());
    Await.result(vertx.close());
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("CAPILLARY_BASE_URL", sandbox.baseUrl());
    env.put("CAPILLARY_CLIENT_KEY", "sandbox-client-key");
    env.put("CAPILLARY_CLIENT_SECRET", CLIENT_SECRET);
    env.put("CONFLUENCE_BASE_URL", sandbox.baseUrl());
    env.put("CONFLUENCE_CLOUD_ID", "sandbox-cloud");
    env.put("CONFLUENCE_AUTH_URL", sandbox.baseUrl());
    env.put("CONFLUENCE_OAUTH_CLIENT_ID", "sandbox-oauth-client");
    env.put("CONFLUENCE_OAUTH_CLIENT_SECRET", APP_SECRET);
    env.put("CONFLUENCE_OAUTH_REFRESH_TOKEN", FIRST_REFRESH_TOKEN);
    env.put("CONFLUENCE_OAUTH_REFRESH_TOKEN_FILE", tokenFile.toString());
    return env;
  }

  private JsonObject counters(String provider) {
    WebClient admin = WebClient.create(vertx);
    try {
      return Await.result(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send()).bodyAsJsonObject()
          .getJsonObject(provider);
    } finally {
      admin.close();
    }
  }

  @Test
  void aBulkRunWithBothProvidersOnOAuthKeepsTheRotatedRefreshTokenForTheNextRun() throws Exception {
    Path input = Files.writeString(dir.resolve("input.csv"), HEADER + CAPILLARY_ROW + CONFLUENCE_ROW);
    Path report = dir.resolve("report.jsonl");

    CliRun first = CliRun.of(env(), "bulk", "--input", input.toString(), "--report", report.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(BulkCommandTest.lines(report)).extracting(line -> line.get("result").asText())
        .containsExactly("removed", "removed");
    String kept = Files.readString(tokenFile).strip();
    assertThat(kept).isNotEmpty().isNotEqualTo(FIRST_REFRESH_TOKEN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    assertThat(counters("capillary").getLong("tokensIssued")).isEqualTo(1);

    // The first refresh token was used up; the next run reads the file and leaves the variable alone.
    Path again = Files.writeString(dir.resolve("again.csv"), HEADER + CONFLUENCE_ROW);
    CliRun second = CliRun.of(env(), "bulk", "--input", again.toString());

    assertThat(second.exitCode()).as(second.err()).isZero();
    String keptAgain = Files.readString(tokenFile).strip();
    assertThat(keptAgain).isNotEqualTo(kept);
    assertThat(counters("confluence").getLong("tokensRefused")).isZero();
    for (String text : List.of(first.out(), first.err(), second.out(), second.err(), Files.readString(report))) {
      for (String secret : List.of(CLIENT_SECRET, APP_SECRET, FIRST_REFRESH_TOKEN, kept, keptAgain, "cap-sandbox-",
          "atl-sandbox-")) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  @Test
  void aUsedRefreshTokenFailsTheConfluenceRowsAndSaysWhatToFix() throws Exception {
    Path input = Files.writeString(dir.resolve("input.csv"), HEADER + CAPILLARY_ROW + CONFLUENCE_ROW.repeat(3));
    Map<String, String> env = env();
    env.put("CONFLUENCE_OAUTH_REFRESH_TOKEN", "a-refresh-token-used-long-ago");
    Path report = dir.resolve("report.jsonl");

    CliRun run = CliRun.of(env, "bulk", "--input", input.toString(), "--report", report.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FAILED);
    assertThat(run.err()).contains("confluence refused the credentials and was sent nothing more: set working "
        + Connection.CONFLUENCE_VARIABLES);
    List<JsonNode> lines = BulkCommandTest.lines(report);
    assertThat(lines).filteredOn(line -> line.get("input").get("provider").asText().equals("confluence"))
        .hasSize(3).allSatisfy(line -> assertThat(line.get("reason").asText()).isEqualTo("unauthorized"));
    assertThat(lines).filteredOn(line -> line.get("input").get("provider").asText().equals("capillary"))
        .singleElement().satisfies(line -> assertThat(line.get("result").asText()).isEqualTo("removed"));
    assertThat(counters("confluence").getLong("requests")).isZero();
    assertThat(run.err()).doesNotContain("a-refresh-token-used-long-ago");
  }

  @Test
  void aRefreshTokenFileOthersCanReadIsRefusedBeforeAnythingIsSent() throws Exception {
    Files.writeString(tokenFile, "atl-sandbox-refresh-kept\n");
    Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
    Path input = Files.writeString(dir.resolve("input.csv"), HEADER + CONFLUENCE_ROW);

    CliRun run = CliRun.of(env(), "bulk", "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("CONFLUENCE_OAUTH_REFRESH_TOKEN_FILE: the file must be readable by its owner "
        + "only (chmod 600").doesNotContain("atl-sandbox-refresh-kept");
    assertThat(counters("confluence").getLong("tokensIssued") + counters("confluence").getLong("requests"))
        .isZero();
  }

  @Test
  void oauthWithASiteUrlAndNoCloudIdIsRefusedNamingTheCloudId() throws Exception {
    Map<String, String> env = env();
    env.remove("CONFLUENCE_CLOUD_ID");
    Path input = Files.writeString(dir.resolve("input.csv"), HEADER + CONFLUENCE_ROW);

    CliRun run = CliRun.of(env, "bulk", "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("CONFLUENCE_CLOUD_ID: is required with OAuth credentials");
  }
}
