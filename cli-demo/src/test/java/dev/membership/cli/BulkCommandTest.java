package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code membership bulk} in-process: CSV and JSON lines, invalid rows, dry run, report and resume. */
class BulkCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** The whole JSON lines of a report; a fragment left by a killed run is skipped, as --resume does. */
  static List<JsonNode> lines(Path report) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        try {
          lines.add(JSON.readTree(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException fragment) {
          // skipped
        }
      }
    }
    return lines;
  }

  private static Map<Long, JsonNode> byRow(List<JsonNode> lines) {
    return lines.stream().collect(Collectors.toMap(line -> line.get("row").asLong(), line -> line));
  }

  @Test
  void reportsInvalidCsvRowsNamingRowFieldAndReasonWhileTheOthersProceed() throws IOException {
    Path input = write("input.csv", String.join("\n",
        "provider,groupId,source,identifierName,identifierValue,accountId",
        "capillary,3962910,INSTORE,mobile,918095467895,",
        "capillary,3962910,INSTORE,mobile,98-abc,",
        "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,,,,",
        "slack,1,,,,x",
        "capillary,3962910,INSTORE,externalId,\"EXT\r\nInjected: yes\",",
        "capillary,0,INSTORE,mobile,918095467896,",
        "capillary,3962910,POS,mobile,918095467896,",
        "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,,,,5b10ac8d82e05b22cc7d4ef5",
        ""));
    Path report = dir.resolve("report.jsonl");

    CliRun run = CliRun.of("bulk", "--input", input.toString(), "--report", report.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    Map<Long, JsonNode> rows = byRow(lines(report));
    assertThat(rows).hasSize(8);
    assertThat(rows.get(1L).get("result").asText()).isEqualTo("removed");
    assertThat(rows.get(8L).get("result").asText()).isEqualTo("removed");
    assertInvalid(rows.get(2L), "identifierValue", "not a mobile number");
    assertInvalid(rows.get(3L), "accountId", "is required");
    assertInvalid(rows.get(4L), "provider", "must be capillary or confluence");
    assertInvalid(rows.get(5L), "identifierValue", "control characters");
    assertInvalid(rows.get(6L), "groupId", "must be at least 1");
    assertInvalid(rows.get(7L), "source", "must be one of");
    assertThat(run.out()).contains("removed       2").contains("invalid       6");
  }

  private static void assertInvalid(JsonNode line, String field, String reason) {
    assertThat(line.get("result").asText()).isEqualTo("invalid");
    assertThat(line.get("field").asText()).isEqualTo(field);
    assertThat(line.get("error").asText()).startsWith(field + ": ").contains(reason);
  }

  @Test
  void readsJsonLinesAndPrintsEachResultAsJson() throws IOException {
    Path input = write("input.jsonl", String.join("\n",
        "{\"provider\":\"capillary\",\"groupId\":3962910,\"source\":\"INSTORE\",\"identifierName\":\"email\","
            + "\"identifierValue\":\"asha.rao@sandbox.test\"}",
        "{\"provider\":\"capillary\",\"groupId\":3962910,\"source\":\"INSTORE\",\"identifierName\":\"mobile\","
            + "\"identifierValue\":\"918095467898\"}",
        "{\"provider\":\"capillary\",\"groupId\":77,\"source\":\"INSTORE\",\"identifierName\":\"mobile\","
            + "\"identifierValue\":\"918095467895\"}",
        "not json",
        "{\"provider\":\"confluence\",\"groupId\":{\"nested\":1},\"accountId\":\"a\"}"));

    CliRun run = CliRun.of("bulk", "--input", input.toString(), "--output", "json");

    assertThat(run.exitCode()).isEqualTo(3);
    List<JsonNode> printed = run.out().lines().map(BulkCommandTest::parse).toList();
    Map<Long, JsonNode> rows = byRow(printed.stream().filter(node -> node.has("row")).toList());
    assertThat(rows.get(1L).get("result").asText()).isEqualTo("removed");
    assertThat(rows.get(2L).get("result").asText()).isEqualTo("not_a_member");
    assertThat(rows.get(3L).get("reason").asText()).isEqualTo("GROUP_NOT_FOUND");
    assertThat(rows.get(4L).get("error").asText()).isEqualTo("row: line 4 is not valid JSON (column 4)");
    assertThat(rows.get(4L).get("raw").asText()).isEqualTo("not json");
    assertThat(rows.get(5L).get("error").asText()).contains("line 5: groupId must be a string or a number");
    JsonNode summary = printed.get(printed.size() - 1).get("summary");
    assertThat(summary.get("removed").asInt()).isEqualTo(1);
    assertThat(summary.get("not_a_member").asInt()).isEqualTo(1);
    assertThat(summary.get("rejected").asInt()).isEqualTo(1);
    assertThat(summary.get("invalid").asInt()).isEqualTo(2);
  }

  @Test
  void dryRunChecksEveryRowAndSendsNothing() throws IOException {
    Path input = write("input.csv", String.join("\n",
        "provider,groupId,source,identifierName,identifierValue,accountId",
        "capillary,3962910,INSTORE,mobile,918095467895,",
        "confluence,g,,,,",
        "confluence,g,,,,acc-1"));
    Path report = dir.resolve("dry.jsonl");

    CliRun run = CliRun.of("bulk", "--input", input.toString(), "--dry-run", "--report", report.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("embedded sandbox");
    assertThat(lines(report)).extracting(line -> line.get("result").asText())
        .containsExactly("dry_run", "invalid", "dry_run");
  }

  @Test
  void aQuotaSpentUntilItsResetPausesTheRunAndSaysSoAtOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    // One request per window of 1 s, with Atlassian's headers: each answer says none is left until the window ends.
    // (With more per window the lane spreads them evenly until the reset, and the quota is never seen spent.)
    Sandbox sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .rateLimit(dev.membership.sandbox.SandboxRateLimit.quota(1, 1)).build()));
    try {
      Path input = write("input.csv", "provider,groupId,accountId\n"
          + "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,5b10ac8d82e05b22cc7d4ef5\n".repeat(3));
      Map<String, String> env = Map.of("CONFLUENCE_BASE_URL", sandbox.baseUrl(),
          "CONFLUENCE_EMAIL", "admin@sandbox.test", "CONFLUENCE_API_TOKEN", "sandbox-admin-token");

      CliRun run = CliRun.of(env, "bulk", "--input", input.toString(), "--deadline", "1");

      // The shortest deadline, 1 s: the time rows wait for the lane does not count against it, none fails.
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).containsPattern("(?m)^warning: confluence paused \\d+ s \\(quota\\)$");
      assertThat(run.out()).containsPattern("(?m)^removed +3$");
    } finally {
      Await.result(sandbox.close());
      Await.result(vertx.close());
    }
  }

  @Test
  void resumeSkipsFinishedRowsAndSendsOnlyTheRest() throws Exception {
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = Await.result(Sandbox.start(vertx,
        SandboxOptions.custom().port(0).seed(SeedSource.demo().generating(2, 30, 7)).build()));
    WebClient admin = WebClient.create(vertx);
    try {
      StringBuilder csv = new StringBuilder("provider,groupId,accountId\n");
      for (JsonObject group : Await.result(admin.getAbs(sandbox.baseUrl() + "/_sandbox/confluence/groups").send())
          .bodyAsJsonObject().getJsonArray("groups").stream().map(JsonObject.class::cast).toList()) {
        String groupId = group.getString("groupId");
        if (group.getString("name").startsWith("generated-")) {
          for (Object account : Await.result(admin.getAbs(sandbox.baseUrl() + "/_sandbox/confluence/groups/"
              + groupId + "/members").send()).bodyAsJsonObject().getJsonArray("members")) {
            csv.append("confluence,").append(groupId).append(',').append(account).append('\n');
          }
        }
      }
      Path input = write("input.csv", csv.toString());
      Path report = dir.resolve("report.jsonl");
      Map<String, String> env = Map.of("CONFLUENCE_BASE_URL", sandbox.baseUrl(),
          "CONFLUENCE_EMAIL", "admin@sandbox.test", "CONFLUENCE_API_TOKEN", "sandbox-admin-token");
      CliRun first = CliRun.of(env, "bulk", "--input", input.toString(), "--report", report.toString());
      assertThat(first.exitCode()).isZero();
      assertThat(first.err()).as("the progress line shows the lane and its rate")
          .containsPattern("(?m)^progress: 60 of 60 rows \\(.*; confluence open at \\d+\\.\\d/s\\)$");
      // As if the first run had been killed after 25 rows: the report keeps 25 lines and half of the 26th.
      List<String> kept = Files.readAllLines(report).subList(0, 25);
      Files.writeString(report, String.join("\n", kept) + "\n{\"row\":26,\"inp");
      Await.result(admin.deleteAbs(sandbox.baseUrl() + "/_sandbox/counters").send());

      CliRun resumed = CliRun.of(env, "bulk", "--input", input.toString(), "--resume", report.toString());

      assertThat(resumed.exitCode()).isZero();
      assertThat(resumed.out()).contains("skipped (already in report)  25");
      JsonObject counters = Await.result(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send())
          .bodyAsJsonObject();
      assertThat(counters.getLong("totalRequests")).isEqualTo(35);
      List<JsonNode> all = lines(report).stream().filter(line -> line.has("result")).toList();
      assertThat(all).extracting(line -> line.get("row").asLong())
          .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList());
    } finally {
      admin.close();
      Await.result(sandbox.close());
      Await.result(vertx.close());
    }
  }

  @Test
  void reportsMalformedCsvLinesAndReadsOnPastThem() throws IOException {
    Path input = write("malformed.csv", String.join("\n",
        "provider,groupId,accountId",
        "confluence,g,a,extra,columns",
        "confluence,\"g\"x,a",
        "confluence,g,b",
        "confluence,g,\"never closed",
        "confluence,g,c"));
    Path report = dir.resolve("malformed.jsonl");

    CliRun run = CliRun.of("bulk", "--input", input.toString(), "--dry-run", "--report", report.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    List<JsonNode> lines = lines(report);
    assertThat(lines).extracting(line -> line.get("result").asText())
        .containsExactly("invalid", "invalid", "dry_run", "invalid");
    assertThat(lines).extracting(line -> line.get("line").asLong()).containsExactly(2L, 3L, 4L, 5L);
    assertThat(lines.get(0).get("error").asText())
        .isEqualTo("row: line 2 has 5 values but the header has 3 columns");
    assertThat(lines.get(0).get("raw").asText()).isEqualTo("confluence,g,a,extra,columns");
    assertThat(lines.get(1).get("error").asText()).isEqualTo("row: line 3 has text after a closing quote (a quote "
        + "inside a field must be doubled)");
    assertThat(lines.get(1).get("raw").asText()).isEqualTo("confluence,\"g\"x,a");
    assertThat(lines.get(3).get("error").asText()).isEqualTo("row: the quote opened on line 5 is never closed");
    assertThat(lines.get(3).get("raw").asText()).isEqualTo("confluence,g,\"never closed\nconfluence,g,c");
  }

  @Test
  void refusesAMissingInputFileOrReportNamingTheOptionButNotThePath() throws IOException {
    CliRun run = CliRun.of("bulk", "--input", dir.resolve("nope-input.csv").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--input: no such file").doesNotContain("nope-input");

    Path input = write("one.csv", "provider,groupId,accountId\nconfluence,g,a\n");
    CliRun resumed = CliRun.of("bulk", "--input", input.toString(), "--resume",
        dir.resolve("nope-report.jsonl").toString());

    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err()).contains("--resume: no such file").doesNotContain("nope-report");
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
