package dev.membership.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.membership.core.BulkSummary;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.InvalidInputException;
import dev.membership.core.LaneState;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemoverOptions;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Removers sharing one provider limit through a real Redis server, against the real sandbox, in real time (Redis's
 * clock is the shared one): together they keep to the limit, a refusal one of them meets closes the lane for all,
 * and while Redis cannot be reached each keeps to its share, with one WARN line and one INFO line.
 */
class SharedLaneTest {

  private static final Membership.Confluence MEMBER =
      new Membership.Confluence("d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f", "5b10ac8d82e05b22cc7d4ef5");
  private static final String EMAIL = "admin@sandbox.test";
  private static final Path LOG = Path.of("target", "ratelimit-redis-test.log");

  private Vertx vertx;
  private RedisServer redis;
  private Sandbox sandbox;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    redis = RedisServer.start(null);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
    if (sandbox != null) {
      await(sandbox.close());
    }
    redis.close();
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private void startSandbox(dev.membership.sandbox.SandboxRateLimit limit) throws Exception {
    sandbox = await(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo()).rateLimit(limit)
        .build()));
  }

  private RedisLanes lanes() throws Exception {
    RedisLanes lanes = await(RedisLanes.connect(vertx, redis.uri(), null, Duration.ofSeconds(5)));
    toClose.add(lanes);
    return lanes;
  }

  /** A remover of one replica of {@code replicas}, at the shared rate {@code rate}. */
  private MembershipRemover remover(RedisLanes shared, double rate, int replicas, RemovalListener listener) {
    RemoverOptions.Builder options = RemoverOptions.builder().rateLimit(RateLimit.perSecond(rate)).listener(listener);
    if (shared != null) {
      options.sharedLimit(shared, replicas);
    }
    MembershipRemover remover = MembershipRemover.confluence(vertx, ConfluenceConfig.builder()
        .siteUrl(sandbox.baseUrl()).credentials(ConfluenceCredentials.basic(EMAIL, "sandbox-admin-token")).build(),
        options.build());
    toClose.add(() -> await(remover.close()));
    return remover;
  }

  private static Future<BulkSummary> removeAll(MembershipRemover remover, int n) {
    return remover.removeAll(Collections.nCopies(n, (Membership) MEMBER).iterator(), result -> { }).completion();
  }

  private JsonObject counters() throws Exception {
    WebClient admin = WebClient.create(vertx);
    try {
      return await(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send()).bodyAsJsonObject()
          .getJsonObject("confluence");
    } finally {
      admin.close();
    }
  }

  private long answered(String status) throws Exception {
    return counters().getJsonObject("statuses", new JsonObject()).getLong(status, 0L);
  }

  private void faults(JsonObject settings) throws Exception {
    admin(client -> client.putAbs(sandbox.baseUrl() + "/_sandbox/faults").sendJsonObject(settings));
  }

  private void admin(java.util.function.Function<WebClient, Future<?>> call) throws Exception {
    WebClient client = WebClient.create(vertx);
    try {
      await(call.apply(client));
    } finally {
      client.close();
    }
  }

  private static long logLength() throws Exception {
    return Files.exists(LOG) ? Files.size(LOG) : 0;
  }

  private static List<String> logSince(long offset) throws Exception {
    byte[] all = Files.readAllBytes(LOG);
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void threeRemoversSharingTheLimitKeepToItTogetherWhereUnsharedTheyOvershoot() throws Exception {
    // The provider takes 40/s, 8 at once; each remover is told 40/s.
    startSandbox(dev.membership.sandbox.SandboxRateLimit.of(40, 8));
    List<MembershipRemover> removers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      removers.add(remover(lanes(), 40, 3, RemovalListener.none()));
    }
    long started = System.nanoTime();
    List<Future<BulkSummary>> runs = removers.stream().map(remover -> removeAll(remover, 60)).toList();
    for (Future<BulkSummary> run : runs) {
      assertThat(await(run).failed()).isZero();
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    // 180 requests at 40/s with a burst of 4: no refusal, and not faster than the limit.
    assertThat(answered("429")).isZero();
    assertThat(seconds).isGreaterThanOrEqualTo((180 - 4) / 40.0 - 0.05);

    // Without the shared limit, each keeps to 40/s alone: three times the limit, and the provider refuses.
    admin(client -> client.postAbs(sandbox.baseUrl() + "/_sandbox/reset").send());
    List<Future<BulkSummary>> unshared = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      unshared.add(removeAll(remover(null, 40, 3, RemovalListener.none()), 60));
    }
    for (Future<BulkSummary> run : unshared) {
      assertThat(await(run).failed()).isZero();
    }
    assertThat(answered("429")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aRefusalOneRemoverMeetsClosesTheLaneForAllAndTheOthersSendAtMostOneWhileItIsClosed() throws Exception {
    startSandbox(dev.membership.sandbox.SandboxRateLimit.off());
    List<List<Long>> sent = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
        new CopyOnWriteArrayList<>());
    List<long[]> refused = new CopyOnWriteArrayList<>();
    List<List<LaneState>> lanes = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
        new CopyOnWriteArrayList<>());
    List<Future<BulkSummary>> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int replica = i;
      runs.add(removeAll(remover(lanes(), 30, 3, new RemovalListener() {
        @Override
        public void onAttempt(Membership membership, int attempt) {
          sent.get(replica).add(System.nanoTime());
        }

        @Override
        public void onRetry(Membership membership, int attempt, int status, Duration delay) {
          if (status == 429) {
            refused.add(new long[] {System.nanoTime(), replica});
          }
        }

        @Override
        public void onLaneChange(LaneState state) {
          lanes.get(replica).add(state);
        }
      }), 75));
    }
    Thread.sleep(700);
    // From now on the provider refuses with Retry-After: 3, until the first refusal is seen.
    faults(new JsonObject().put("rate429", 1.0).put("retryAfterSeconds", 3));
    long giveUp = System.nanoTime() + 5_000_000_000L;
    while (refused.isEmpty() && System.nanoTime() < giveUp) {
      Thread.sleep(1);
    }
    faults(new JsonObject());
    assertThat(refused).as("a refusal came").isNotEmpty();
    long closedAt = refused.get(0)[0];
    int refusedReplica = (int) refused.get(0)[1];

    for (Future<BulkSummary> run : runs) {
      assertThat(await(run).failed()).isZero();
    }
    for (int i = 0; i < 3; i++) {
      if (i == refusedReplica) {
        continue;
      }
      // Counted over the first 2.5 s of the 3 s closure: the end of the window is well inside it, whatever the
      // delay between the refusal and the test hearing of it.
      long whileClosed = sent.get(i).stream()
          .filter(at -> at > closedAt && at < closedAt + 2_500_000_000L).count();
      assertThat(whileClosed).as("requests of replica %d while the lane was closed", i).isLessThanOrEqualTo(1);
      assertThat(lanes.get(i)).as("replica %d saw the lane close", i)
          .anySatisfy(state -> assertThat(state.closed()).isTrue());
    }
  }

  @Test
  void whileRedisIsDownOrSilentEachRemoverKeepsToItsShareWithOneWarnAndOneInfo() throws Exception {
    startSandbox(dev.membership.sandbox.SandboxRateLimit.off());
    RedisLanes shared = lanes();
    long offset = logLength();

    // Down: connections refused. One replica of two at 40/s (burst 4) keeps to 20/s: 30 requests take at least
    // 1.3 s; at 40/s they would take 0.65 s.
    redis.stopServer();
    long started = System.nanoTime();
    BulkSummary down = await(removeAll(remover(shared, 40, 2, RemovalListener.none()), 30));
    double downSeconds = (System.nanoTime() - started) / 1e9;
    assertThat(down.failed()).isZero();
    assertThat(downSeconds).isGreaterThanOrEqualTo((30 - 4) / 20.0 - 0.05);

    // Silent: the server stops answering (paused); every call waits out the 50 ms bound, and the lane keeps to its
    // share. Then it answers again, and the lane shares the limit again.
    redis.startServer();
    redis.pause();
    MembershipRemover remover = remover(shared, 40, 2, RemovalListener.none());
    started = System.nanoTime();
    long before = counters().getLong("requests");
    Future<BulkSummary> silent = removeAll(remover, 40);
    Thread.sleep(1000);
    long sentWhileSilent = counters().getLong("requests") - before;
    double silentSeconds = (System.nanoTime() - started) / 1e9;
    // At 20/s (after at most the burst of 4), not at 40/s, for as long as the server was silent.
    assertThat(sentWhileSilent).isLessThanOrEqualTo(4 + Math.round(20 * silentSeconds) + 1);
    redis.resume();
    assertThat(await(silent).failed()).isZero();

    // One WARN per remover whose lanes met an outage (each remover follows its own shared limit's health): the
    // first remover's outage never ended while it ran; the second's did, with one INFO.
    List<String> lines = logSince(offset);
    assertThat(lines).filteredOn(line -> line.contains("shared limit unreachable")).hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("WARN").contains("rate / 2"));
    assertThat(lines).filteredOn(line -> line.contains("shared limit answers again")).hasSize(1)
        .allSatisfy(line -> assertThat(line).contains("INFO"));
  }

  @Test
  void aRestartThatLosesEveryKeyLetsNoBurstAboveTheLimitThrough() throws Exception {
    startSandbox(dev.membership.sandbox.SandboxRateLimit.of(40, 8));
    List<Future<BulkSummary>> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(removeAll(remover(lanes(), 40, 3, RemovalListener.none()), 40));
    }
    Thread.sleep(1000);
    redis.restart();
    for (Future<BulkSummary> run : runs) {
      assertThat(await(run).failed()).isZero();
    }
    // 120 requests; the restart costs at most a refusal or so, not a burst of three removers at the limit each.
    assertThat(answered("429")).isLessThanOrEqualTo(2);
  }

  @Test
  void keysHoldTheProviderAndAHashNeverTheCredentialOrTheSite() throws Exception {
    startSandbox(dev.membership.sandbox.SandboxRateLimit.off());
    await(removeAll(remover(lanes(), 40, 3, RemovalListener.none()), 3));

    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.uri()));
    try {
      Response keys = await(client.send(Request.cmd(Command.KEYS).arg("membership:lane:*")));
      List<String> names = new ArrayList<>();
      keys.forEach(key -> names.add(key.toString()));
      assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name)
          .matches("membership:lane:confluence:[0-9a-f]{64}:tat")
          .doesNotContain("sandbox.test", "127.0.0.1", "token"));
    } finally {
      client.close();
    }
  }

  @Test
  void aSharedLimitWithoutARateToShareIsAConfigurationErrorNamingTheField() throws Exception {
    startSandbox(dev.membership.sandbox.SandboxRateLimit.off());
    RedisLanes shared = lanes();
    Consumer<RemoverOptions> build = options -> MembershipRemover.confluence(vertx, ConfluenceConfig.builder()
        .siteUrl(sandbox.baseUrl()).credentials(ConfluenceCredentials.basic(EMAIL, "sandbox-admin-token")).build(),
        options);

    assertThatThrownBy(() -> build.accept(RemoverOptions.builder().sharedLimit(shared, 3).build()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("rateLimit")
        .hasMessageContaining("shared limit");
    assertThatThrownBy(() -> RemoverOptions.builder().sharedLimit(shared, 0))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("expectedReplicas");
  }
}
