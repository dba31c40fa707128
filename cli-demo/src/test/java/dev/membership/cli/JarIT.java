package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxAdminClient;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code membership.jar}, launched as a process, as an operator runs it. */
class JarIT {

  private static final Path JAR = Path.of("target", "membership.jar");

  @TempDir
  Path dir;

  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    Await.result(vertx.close());
  }

  private record Result(int exitCode, String out, String err) {}

  private Process launch(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("CAPILLARY_") || name.startsWith("CONFLUENCE_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private Result finish(Process process) throws Exception {
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("process ended within 2 minutes").isTrue();
    return new Result(process.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    return finish(launch(env, args));
  }

  @Test
  void demoRunsEndToEndAndFindsTheSandboxStateAsExpected() throws Exception {
    Result demo = run(Map.of(), "demo");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.err()).contains("Using an embedded sandbox");
    assertThat(demo.out()).contains("== One by one ==").contains("not_a_member")
        .contains("== Bulk: 10000 rows").contains("removed       10000")
        .contains("OK: every removed membership is gone from the sandbox");
    assertThat(demo.err()).as("the command's own lines, not a developer's log")
        .doesNotContain("[vert.x-").doesNotContain("[main]").doesNotContain("dev.membership.").doesNotContain("INFO")
        .doesNotContain("bulk run");
  }

  private static final String CONFLUENCE_GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  private static final String CONFLUENCE_MEMBER = "5b10ac8d82e05b22cc7d4ef5";

  @Test
  void verboseShowsTheLibrarysInfoLinesAndASingleRemovalSpeaksOfNoBulkRun() throws Exception {
    Result demo = run(Map.of(), "demo", "--groups", "1", "--members", "20", "--verbose");
    Result remove = run(Map.of(), "remove", "confluence", "--group-id", CONFLUENCE_GROUP, "--account-id",
        CONFLUENCE_MEMBER, "--verbose");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    // Seven removals one by one, then one bulk run.
    assertThat(demo.err().lines().filter(line -> line.startsWith("INFO bulk run started: "))).hasSize(1);
    assertThat(demo.err().lines().filter(line -> line.startsWith("INFO bulk run finished: 40 removals"))).hasSize(1);
    assertThat(demo.err()).doesNotContain("[vert.x-").doesNotContain("dev.membership.");
    assertThat(remove.exitCode()).as(remove.err()).isZero();
    assertThat(remove.out()).contains("removed");
    assertThat(remove.err()).doesNotContain("bulk run");
  }

  @Test
  void aLaneClosedBy429IsAShortWarningLineOfTheCommand() throws Exception {
    Sandbox sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .faults(FaultSettings.custom().rate429(1.0, 1).build()).build()));
    Map<String, String> env = Map.of("CONFLUENCE_BASE_URL", sandbox.baseUrl(),
        "CONFLUENCE_EMAIL", dev.membership.sandbox.SandboxCredentials.CONFLUENCE_EMAIL,
        "CONFLUENCE_API_TOKEN", dev.membership.sandbox.SandboxCredentials.CONFLUENCE_API_TOKEN);

    Result remove = run(env, "remove", "confluence", "--group-id", CONFLUENCE_GROUP, "--account-id",
        CONFLUENCE_MEMBER, "--max-attempts", "2");
    Await.result(sandbox.close());

    assertThat(remove.exitCode()).as(remove.err()).isEqualTo(ExitCode.FAILED);
    // Each answer closes the lane for its Retry-After; the library's own line for it is not shown.
    assertThat(remove.err().lines().filter(line -> line.startsWith("warning:"))).hasSize(2)
        .allSatisfy(line -> assertThat(line).isEqualTo("warning: confluence paused 1 s (HTTP 429)"));
    assertThat(remove.err()).doesNotContain("[vert.x-").doesNotContain("dev.membership.").doesNotContain("WARN");
  }

  private static final String HOSTILE_TOKEN = "Sentinel-Jar-ApiToken-4242";
  private static final String HOSTILE_PASSWORD = "Sentinel-Jar-Password-2424";

  /**
   * Every position a server can echo the credential it received in, each as one whole answer on a connection of its
   * own ({@code %s}: the credential in some form).
   */
  private static final List<String> HOSTILE_ANSWERS = List.of(
      "HTTP/1.1 200 %s\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n"
          + "{\"warnings\":[],\"errors\":[],\"success\":true}",
      "%s 204 No Content\r\n\r\n",
      "HTTP/1.1 400 Bad Request\r\n%s: x\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 503 Unavailable\r\nRetry-After: %s\r\nX-Echo: %s\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n"
          + "{\"warnings\":[],\"errors\":[{\"code\":9999,\"message\":\"%s\"}],\"success\":false}",
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
          + "{\"warnings\":[{\"code\":1,\"message\":\"%s\"}],\"errors\":[{\"code\":1620,\"message\":\"%s\"}],"
          + "\"success\":false}",
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"warnings\":[],\"success\":\"%s\"",
      "HTTP/1.1 418 I'm a teapot\r\nContent-Type: text/plain\r\n\r\n%s \u00ff\u00fe",
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"%s\"\r\n\r\n%s",
      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n"
          + "{\"warnings\":[],\"errors\":[{\"code\":404,\"message\":\"%s\"}],\"success\":false}");

  /** The credential a request carried (the Basic value or the bearer token), in a form and case chosen by {@code n}. */
  private static String echoed(String authorization, int n) {
    String value = authorization.substring(authorization.indexOf(' ') + 1);
    String secret = authorization.startsWith("Basic ")
        ? new String(java.util.Base64.getDecoder().decode(value), StandardCharsets.UTF_8).split(":", 2)[1] : value;
    String form = switch (n % 4) {
      case 0 -> value;
      case 1 -> secret;
      case 2 -> java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
      default -> value.replace("/", "\\/");
    };
    return (n / 4) % 2 == 0 ? form.toUpperCase(java.util.Locale.ROOT) : form.toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void whileOneProviderIsPausedForMinutesTheOtherProvidersRowsOfAMixedFileAllFinish() throws Exception {
    // Confluence's first answer says its quota is spent for ten minutes (a pause within its bound: waited out).
    String reset = java.time.Instant.now().plus(java.time.Duration.ofMinutes(10))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    List<Long> confluenceAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.vertx.core.http.HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      if (request.path().startsWith("/wiki/")) {
        confluenceAt.add(System.nanoTime());
        request.response().setStatusCode(204).putHeader("X-RateLimit-Remaining", "0")
            .putHeader("X-RateLimit-Reset", reset).end();
      } else {
        request.response().putHeader("Content-Type", "application/json")
            .end("{\"warnings\":[],\"errors\":[],\"success\":true}");
      }
    }).listen(0, "127.0.0.1"));
    StringBuilder rows = new StringBuilder("provider,groupId,source,identifierName,identifierValue,accountId\n");
    for (int i = 0; i < 40; i++) {
      rows.append("confluence,g,,,,account-").append(i).append('\n'); // a long stretch of the paused provider first
    }
    for (int i = 0; i < 40; i++) {
      rows.append("capillary,1,INSTORE,externalId,customer-").append(i).append(",\n");
    }
    Path input = Files.writeString(dir.resolve("paused.csv"), rows);
    Path report = dir.resolve("paused-report.jsonl");
    long start = System.nanoTime();

    Process bulk = launch(Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", "paused-pw",
            "CONFLUENCE_EMAIL", "admin@example.com", "CONFLUENCE_API_TOKEN", "paused-token"),
        "bulk", "--input", input.toString(), "--report", report.toString(), "--concurrency", "4",
        "--base-url", "http://127.0.0.1:" + server.actualPort());
    try {
      List<JsonNode> lines = List.of();
      while (System.nanoTime() - start < 30_000_000_000L && lines.stream()
          .filter(line -> line.get("input").get("provider").asText().equals("capillary")).count() < 40) {
        Thread.sleep(50); // the process's report, read as an operator's tail would
        lines = Files.exists(report) ? BulkCommandTest.lines(report) : List.of();
      }
      long finished = System.nanoTime() - start;
      assertThat(lines).filteredOn(line -> line.get("input").get("provider").asText().equals("capillary"))
          .hasSize(40).allSatisfy(line -> assertThat(line.get("result").asText()).isEqualTo("removed"));
      assertThat(java.time.Duration.ofNanos(finished)).isLessThan(java.time.Duration.ofSeconds(30));
      // Only what was in flight when the quota was spent went to the paused provider, and got its answer.
      assertThat(confluenceAt).hasSizeBetween(1, 4);
      assertThat(lines).filteredOn(line -> line.get("input").get("provider").asText().equals("confluence"))
          .hasSize(confluenceAt.size());
      assertThat(bulk.isAlive()).as("still waiting for Confluence's quota").isTrue();
      assertThat(Files.readString(dir.resolve("err.txt"))).contains("warning: confluence paused");
    } finally {
      bulk.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Await.result(server.close());
    }
  }

  @Test
  void aServerEchoingTheCredentialsInEveryPositionLeaksNoFormToOutputLogOrReport() throws Exception {
    java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
    io.vertx.core.net.NetServer hostile = vertx.createNetServer().connectHandler(socket -> {
      io.vertx.core.buffer.Buffer received = io.vertx.core.buffer.Buffer.buffer();
      socket.handler(chunk -> {
        received.appendBuffer(chunk);
        String head = received.toString(StandardCharsets.ISO_8859_1);
        if (!head.contains("\r\n\r\n")) {
          return;
        }
        String authorization = head.lines().filter(l -> l.regionMatches(true, 0, "Authorization:", 0, 14))
            .findFirst().orElse("Authorization: none").substring(14).trim();
        int n = answered.getAndIncrement();
        String answer = HOSTILE_ANSWERS.get(n % HOSTILE_ANSWERS.size()).replace("%s", echoed(authorization, n));
        socket.write(io.vertx.core.buffer.Buffer.buffer(answer.getBytes(StandardCharsets.ISO_8859_1)))
            .onComplete(written -> socket.close());
      });
    });
    Await.result(hostile.listen(0, "127.0.0.1"));
    StringBuilder rows = new StringBuilder("provider,groupId,source,identifierName,identifierValue,accountId\n");
    for (int i = 0; i < 20; i++) {
      rows.append("capillary,3962910,INSTORE,mobile,91809546789").append(i % 10).append(",\n");
      rows.append("confluence,g,,,,account-").append(i).append('\n');
    }
    Path input = Files.writeString(dir.resolve("hostile.csv"), rows);
    Path report = dir.resolve("hostile-report.jsonl");
    Map<String, String> env = Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", HOSTILE_PASSWORD,
        "CONFLUENCE_EMAIL", "admin@example.com", "CONFLUENCE_API_TOKEN", HOSTILE_TOKEN,
        "JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");

    Result run = run(env, "bulk", "--input", input.toString(), "--report", report.toString(), "--output", "json",
        "--max-attempts", "2", "--base-url", "http://127.0.0.1:" + hostile.actualPort());
    Await.result(hostile.close());

    assertThat(run.exitCode()).as(run.err()).isIn(3, 4);
    assertThat(BulkCommandTest.lines(report)).hasSize(40);
    // Every hostile answer was served at least once; after the 401 its provider was sent nothing more.
    assertThat(answered.get()).isGreaterThanOrEqualTo(HOSTILE_ANSWERS.size());
    String md5 = dev.membership.core.CapillaryCredentials.ofPassword("till", HOSTILE_PASSWORD).passwordMd5();
    List<String> sent = List.of(HOSTILE_TOKEN, md5,
        java.util.Base64.getEncoder().encodeToString(("admin@example.com:" + HOSTILE_TOKEN).getBytes(StandardCharsets.UTF_8)),
        java.util.Base64.getEncoder().encodeToString(("till:" + md5).getBytes(StandardCharsets.UTF_8)));
    String everything = (run.out() + "\n" + run.err() + "\n" + Files.readString(report)).toLowerCase(java.util.Locale.ROOT);
    assertThat(run.err()).as("the log was at DEBUG").containsPattern("(?m)^DEBUG (capillary|confluence) .*attempt 1 of 2");
    assertThat(everything).as("the server did echo credentials").contains("<redacted>");
    for (String form : sent) {
      for (String variant : List.of(form, java.net.URLEncoder.encode(form, StandardCharsets.UTF_8), form.replace("/", "\\/"))) {
        assertThat(everything).doesNotContain(variant.toLowerCase(java.util.Locale.ROOT));
      }
    }
    assertThat(run.err()).doesNotContain("ERROR");
  }

  @Test
  void badArgumentExitsTwoAndNamesTheOption() throws Exception {
    Result bad = run(Map.of(), "remove", "capillary", "--group-id", "abc", "--source", "INSTORE",
        "--identifier-name", "mobile", "--identifier-value", "918095467895");

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--group-id").contains("abc");
    assertThat(bad.out()).isEmpty();
  }

  @Test
  void bulkWithInvalidRowsReportsEachAndRemovesTheRest() throws Exception {
    Path input = dir.resolve("input.csv");
    Files.writeString(input, String.join("\n",
        "provider,groupId,source,identifierName,identifierValue,accountId",
        "capillary,3962910,INSTORE,mobile,918095467895,",
        "capillary,3962910,INSTORE,email,not-an-email,",
        "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,,,,5b10ac8d82e05b22cc7d4ef5",
        "confluence,,,,,5b10ac8d82e05b22cc7d4ef5"));
    Path report = dir.resolve("report.jsonl");

    Result bulk = run(Map.of(), "bulk", "--input", input.toString(), "--report", report.toString());

    assertThat(bulk.exitCode()).isEqualTo(2);
    Map<Long, String> results = BulkCommandTest.lines(report).stream()
        .collect(Collectors.toMap(line -> line.get("row").asLong(), line -> line.get("result").asText()));
    assertThat(results).containsExactlyInAnyOrderEntriesOf(
        Map.of(1L, "removed", 2L, "invalid", 3L, "removed", 4L, "invalid"));
    assertThat(Files.readString(report)).contains("\"field\":\"identifierValue\"").contains("\"field\":\"groupId\"");
  }

  @Test
  void sandboxCommandServesBothProvidersUntilStopped() throws Exception {
    Process sandbox = launch(Map.of(), "sandbox", "--port", "0");
    try {
      Path out = dir.resolve("out.txt");
      String url = awaitLine(out, "Sandbox listening on ").split(" ")[3];
      WebClient client = WebClient.create(vertx);
      var capillary = Await.result(client.deleteAbs(url + "/v2/userGroup2/3962910/leave")
          .addQueryParam("source", "INSTORE").addQueryParam("identifierName", "mobile")
          .addQueryParam("identifierValue", "918095467895")
          .basicAuthentication("sandbox_user",
              dev.membership.core.CapillaryCredentials.ofPassword("sandbox_user", "sandbox-password").passwordMd5()).send());
      var confluence = Await.result(client.deleteAbs(url + "/wiki/rest/api/group/userByGroupId")
          .addQueryParam("groupId", "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f")
          .addQueryParam("accountId", "5b10ac8d82e05b22cc7d4ef5")
          .basicAuthentication("admin@sandbox.test", "sandbox-admin-token").send());
      client.close();

      assertThat(capillary.statusCode()).isEqualTo(200);
      assertThat(capillary.bodyAsJsonObject().getBoolean("success")).isTrue();
      assertThat(confluence.statusCode()).isEqualTo(204);
    } finally {
      sandbox.destroy();
      assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Waits for a line starting with {@code prefix} in {@code file}; returns it. */
  private String awaitLine(Path file, String prefix) {
    Promise<String> found = Promise.promise();
    long timer = vertx.setPeriodic(20, id -> {
      try {
        if (Files.exists(file)) {
          Files.readAllLines(file).stream().filter(line -> line.startsWith(prefix)).findFirst()
              .ifPresent(found::tryComplete);
        }
      } catch (IOException e) {
        found.tryFail(e);
      }
    });
    try {
      return found.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no line starting with " + prefix + " in " + file, e);
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  /** A sandbox with the demo data and 2 x 10 x 500 generated memberships, slowed a little so a bulk run lasts long enough. */
  private Sandbox sandbox() {
    return Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0)
        .seed(SeedSource.generated(10, 500, 11))
        .faults(FaultSettings.custom().latency(3, 0).seed(1).build()).build()));
  }

  private Path bulkFile(Sandbox sandbox, SandboxAdminClient admin) throws IOException {
    StringBuilder csv = new StringBuilder("provider,groupId,source,identifierName,identifierValue,accountId\n");
    for (long groupId : Await.result(admin.capillaryGroups())) {
      if (groupId > 10) {
        continue; // the demo groups the seed also holds
      }
      for (JsonObject customer : Await.result(admin.capillaryMembers(groupId))) {
        csv.append("capillary,").append(groupId).append(",INSTORE,mobile,").append(customer.getString("mobile"))
            .append(",\n");
      }
    }
    for (JsonObject group : Await.result(admin.confluenceGroups())) {
      if (!group.getString("name").startsWith("generated-")) {
        continue;
      }
      for (String account : Await.result(admin.confluenceMembers(group.getString("groupId")))) {
        csv.append("confluence,").append(group.getString("groupId")).append(",,,,").append(account).append('\n');
      }
    }
    Path input = dir.resolve("bulk.csv");
    Files.writeString(input, csv, StandardCharsets.UTF_8);
    return input;
  }

  private static Map<String, String> sandboxEnvironment(Sandbox sandbox) {
    Map<String, String> env = new HashMap<>();
    env.put("CAPILLARY_BASE_URL", sandbox.baseUrl());
    env.put("CONFLUENCE_BASE_URL", sandbox.baseUrl());
    env.put("CAPILLARY_USERNAME", "sandbox_user");
    env.put("CAPILLARY_PASSWORD", "sandbox-password");
    env.put("CONFLUENCE_EMAIL", "admin@sandbox.test");
    env.put("CONFLUENCE_API_TOKEN", "sandbox-admin-token");
    return env;
  }

  /** Completes once the report holds at least {@code lines} newline characters. */
  private void awaitReportLines(Path report, long lines) {
    Promise<Void> reached = Promise.promise();
    long timer = vertx.setPeriodic(20, id -> {
      try {
        if (Files.exists(report) && Files.readAllBytes(report).length > 0
            && Files.readString(report).chars().filter(c -> c == '\n').count() >= lines) {
          reached.tryComplete();
        }
      } catch (IOException e) {
        reached.tryFail(e);
      }
    });
    try {
      reached.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("report did not reach " + lines + " lines", e);
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  private static void assertEveryRowExactlyOnce(Path report, long rows) throws IOException {
    List<JsonNode> lines = BulkCommandTest.lines(report);
    Map<Long, Long> perRow = lines.stream()
        .collect(Collectors.groupingBy(line -> line.get("row").asLong(), Collectors.counting()));
    assertThat(perRow.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, rows).boxed().toList());
    assertThat(perRow.values()).as("final results per row").containsOnly(1L);
    assertThat(lines).extracting(line -> line.get("result").asText()).isSubsetOf("removed", "not_a_member");
  }

  /** Every generated group is empty; the demo groups the seed also holds are untouched. */
  private static void assertOnlyGeneratedGroupsEmptied(SandboxAdminClient admin) {
    for (long groupId : Await.result(admin.capillaryGroups())) {
      if (groupId <= 10) {
        assertThat(Await.result(admin.capillaryMembers(groupId))).as("capillary group " + groupId).isEmpty();
      } else {
        assertThat(Await.result(admin.capillaryMembers(groupId))).as("demo group " + groupId).isNotEmpty();
      }
    }
    for (JsonObject group : Await.result(admin.confluenceGroups())) {
      List<String> members = Await.result(admin.confluenceMembers(group.getString("groupId")));
      if (group.getString("name").startsWith("generated-")) {
        assertThat(members).as("confluence group " + group.getString("name")).isEmpty();
      } else {
        assertThat(members).as("demo group " + group.getString("name")).isNotEmpty();
      }
    }
  }

  @Test
  void killedBulkRunResumesFromItsReportWithEveryRowFinishedExactlyOnce() throws Exception {
    Sandbox sandbox = sandbox();
    try (SandboxAdminClient admin = SandboxAdminClient.create(vertx, sandbox.baseUrl())) {
      Path input = bulkFile(sandbox, admin);
      Path report = dir.resolve("report.jsonl");
      Map<String, String> env = sandboxEnvironment(sandbox);

      Process first = launch(env, "bulk", "--input", input.toString(), "--report", report.toString(),
          "--concurrency", "8");
      awaitReportLines(report, 1500);
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long before = BulkCommandTest.lines(report).size();
      assertThat(before).as("killed mid-way").isBetween(1500L, 9999L);

      Result resumed = run(env, "bulk", "--input", input.toString(), "--resume", report.toString(),
          "--concurrency", "8");

      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertThat(resumed.out()).contains("skipped (already in report)  " + before);
      assertEveryRowExactlyOnce(report, 10_000);
      assertOnlyGeneratedGroupsEmptied(admin);
    } finally {
      Await.result(sandbox.close());
    }
  }

  @Test
  void interruptedBulkRunFinishesInFlightRowsAndResumeSendsNoRowTwice() throws Exception {
    Sandbox sandbox = sandbox();
    WebClient client = WebClient.create(vertx);
    try (SandboxAdminClient admin = SandboxAdminClient.create(vertx, sandbox.baseUrl())) {
      Path input = bulkFile(sandbox, admin);
      Path report = dir.resolve("report.jsonl");
      Map<String, String> env = sandboxEnvironment(sandbox);

      Process first = launch(env, "bulk", "--input", input.toString(), "--report", report.toString(),
          "--concurrency", "8");
      awaitReportLines(report, 1500);
      first.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
      Result stopped = finish(first);
      assertThat(stopped.exitCode()).isEqualTo(ExitCode.TERMINATED);
      assertThat(stopped.err()).contains("stopped: rows in flight finished; continue with --resume");
      // The summary of what was done, though the run did not end by itself.
      long written = BulkCommandTest.lines(report).size();
      assertThat(stopped.out()).containsPattern("(?m)^removed +" + written + "$");

      Result resumed = run(env, "bulk", "--input", input.toString(), "--resume", report.toString(),
          "--concurrency", "8");

      assertThat(resumed.exitCode()).as(resumed.err()).isZero();
      assertEveryRowExactlyOnce(report, 10_000);
      assertThat(BulkCommandTest.lines(report)).extracting(line -> line.get("result").asText())
          .as("no row was sent twice, so none came back as not a member").containsOnly("removed");
      JsonObject counters = Await.result(client.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send())
          .bodyAsJsonObject();
      assertThat(counters.getLong("totalRequests") - counters.getLong("unmatchedRequests", 0L))
          .as("requests to the providers, both runs").isEqualTo(10_000);
      assertOnlyGeneratedGroupsEmptied(admin);
    } finally {
      client.close();
      Await.result(sandbox.close());
    }
  }
}
