package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.ratelimit.redis.RedisServer;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulk --shared-limit}: processes sharing one provider limit through a real Redis server. */
class SharedLimitCommandTest {

  private static final String ROW = "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,5b10ac8d82e05b22cc7d4ef5\n";
  private static final String PASSWORD = "Redis-Pass-Sentinel-31";

  @TempDir
  Path dir;

  private Vertx vertx;
  private Sandbox sandbox;
  private RedisServer redis;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
        .rateLimit(dev.membership.sandbox.SandboxRateLimit.of(20, 20)).build()));
    redis = RedisServer.start(PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    redis.close();
    Await.result(sandbox.close());
    Await.result(vertx.close());
  }

  private Map<String, String> env(String password) {
    Map<String, String> env = new HashMap<>(Map.of("CONFLUENCE_BASE_URL", sandbox.baseUrl(),
        "CONFLUENCE_EMAIL", "admin@sandbox.test", "CONFLUENCE_API_TOKEN", "sandbox-admin-token"));
    if (password != null) {
      env.put(BulkCommand.PASSWORD_VARIABLE, password);
    }
    return env;
  }

  private Path input(String name, int rows) throws Exception {
    return Files.writeString(dir.resolve(name), "provider,groupId,accountId\n" + ROW.repeat(rows));
  }

  private JsonObject counters() {
    WebClient admin = WebClient.create(vertx);
    try {
      return Await.result(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send()).bodyAsJsonObject()
          .getJsonObject("confluence");
    } finally {
      admin.close();
    }
  }

  @Test
  void twoProcessesSharingTheLimitKeepToItTogether() throws Exception {
    List<CompletableFuture<CliRun>> runs = new ArrayList<>();
    long started = System.nanoTime();
    for (String name : List.of("a.csv", "b.csv")) {
      Path input = input(name, 30);
      runs.add(CompletableFuture.supplyAsync(() -> CliRun.of(env(PASSWORD), "bulk", "--input", input.toString(),
          "--rate", "20", "--replicas", "2", "--shared-limit", redis.uri())));
    }
    for (CompletableFuture<CliRun> run : runs) {
      CliRun done = run.get();
      assertThat(done.exitCode()).as(done.err()).isZero();
      assertThat(done.out()).containsPattern("(?m)^(removed|not a member) +\\d+$");
      assertThat(done.out() + done.err()).doesNotContain(PASSWORD);
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    // 60 requests at 20/s together (each process told 20/s), a burst of 2: none refused, and not faster. (The
    // provider's burst of a second's worth absorbs what a cold start bunches up on the way.)
    JsonObject counters = counters();
    assertThat(counters.getLong("requests")).isEqualTo(60);
    assertThat(counters.getJsonObject("statuses").getLong("429", 0L)).isZero();
    assertThat(seconds).isGreaterThanOrEqualTo((60 - 2) / 20.0 - 0.05);
  }

  @Test
  void aBadUrlAWrongPasswordOrAMissingOptionStopsBeforeAnyRequestNamingTheOptionNeverTheValue() throws Exception {
    Path input = input("in.csv", 3);
    String[] base = {"bulk", "--input", input.toString(), "--rate", "20", "--replicas", "2", "--shared-limit"};

    CliRun badUrl = CliRun.of(env(PASSWORD), concat(base, "http://127.0.0.1:" + redis.port()));
    CliRun passwordInUrl = CliRun.of(env(null), concat(base, "redis://:Url-Pass-77@127.0.0.1:" + redis.port()));
    CliRun wrongPassword = CliRun.of(env("Wrong-Pass-Sentinel-12"), concat(base, redis.uri()));
    CliRun noPassword = CliRun.of(env(null), concat(base, redis.uri()));
    CliRun noRate = CliRun.of(env(PASSWORD), "bulk", "--input", input.toString(), "--replicas", "2",
        "--shared-limit", redis.uri());
    CliRun noReplicas = CliRun.of(env(PASSWORD), "bulk", "--input", input.toString(), "--rate", "20",
        "--shared-limit", redis.uri());

    assertThat(badUrl.err()).contains("error: --shared-limit: must start with redis:// or rediss://");
    assertThat(passwordInUrl.err()).contains("error: --shared-limit: must not carry a user, a password")
        .doesNotContain("Url-Pass-77");
    assertThat(wrongPassword.err()).contains("error: --shared-limit: the password was refused")
        .doesNotContain("Wrong-Pass-Sentinel-12").doesNotContain(PASSWORD);
    assertThat(noPassword.err()).contains("error: --shared-limit: the server asks for a password");
    assertThat(noRate.err()).contains("error: --rate: is required with --shared-limit");
    assertThat(noReplicas.err()).contains("error: --replicas: is required with --shared-limit");
    for (CliRun run : List.of(badUrl, passwordInUrl, wrongPassword, noPassword, noRate, noReplicas)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err()).doesNotContain("127.0.0.1:" + redis.port());
    }
    assertThat(counters().getLong("requests")).as("nothing was sent").isZero();
  }

  private static String[] concat(String[] base, String last) {
    String[] all = java.util.Arrays.copyOf(base, base.length + 1);
    all[base.length] = last;
    return all;
  }
}
