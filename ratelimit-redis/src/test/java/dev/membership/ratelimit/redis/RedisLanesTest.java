package dev.membership.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared lanes against a real Redis server that the test starts on a free port. */
class RedisLanesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String IDENTITY = "admin@example.com:Secret-Token-4711";

  private Vertx vertx;
  private RedisServer server;
  private final List<RedisLanes> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = RedisServer.start(null);
  }

  @AfterEach
  void stop() throws Exception {
    open.forEach(RedisLanes::close);
    server.close();
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private RedisLanes lanes() throws Exception {
    RedisLanes lanes = await(RedisLanes.connect(vertx, server.uri(), null, TIMEOUT));
    open.add(lanes);
    return lanes;
  }

  @Test
  void threeReplicasShareOnePaceAndOneBurst() throws Exception {
    List<RedisLanes> replicas = List.of(lanes(), lanes(), lanes());
    List<Long> sendAt = Collections.synchronizedList(new ArrayList<>());

    for (int i = 0; i < 300; i++) {
      long asked = System.nanoTime();
      RedisLanes.Reservation reservation = await(replicas.get(i % 3).reserve("confluence", IDENTITY, 100, 10));
      sendAt.add(asked + ((RedisLanes.Reservation.Permit) reservation).delay().toNanos());
    }

    // 100/s with a burst of 10: the 300 permits span at least 2.9 s, and no second holds more than 110.
    List<Long> sorted = sendAt.stream().sorted().toList();
    assertThat(sorted.get(299) - sorted.get(0)).isGreaterThanOrEqualTo(2_850_000_000L);
    for (int i = 0, j = 0; i < sorted.size(); i++) {
      while (sorted.get(i) - sorted.get(j) >= 1_000_000_000L) {
        j++;
      }
      assertThat(i - j + 1).as("permits in a second").isLessThanOrEqualTo(111);
    }
  }

  @Test
  void aClosureBySomeReplicaIsSeenByAllAndReservesNothingWhileItLasts() throws Exception {
    RedisLanes one = lanes();
    RedisLanes other = lanes();

    Instant until = await(one.close("confluence", IDENTITY, Duration.ofMillis(400), "HTTP 429"));
    Instant shorter = await(other.close("confluence", IDENTITY, Duration.ofMillis(100), "HTTP 503"));
    RedisLanes.Reservation seen = await(other.reserve("confluence", IDENTITY, 10, 1));

    assertThat(shorter).as("a shorter closure does not shorten it").isEqualTo(until);
    assertThat(seen).isEqualTo(new RedisLanes.Reservation.Closed(until, "HTTP 429"));
    assertThat(await(other.reserve("capillary", IDENTITY, 10, 1))).as("another provider's lane is open")
        .isEqualTo(new RedisLanes.Reservation.Permit(Duration.ZERO));
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis() + 50));
    // Nothing was reserved while closed: the first permit after it goes at once.
    assertThat(await(one.reserve("confluence", IDENTITY, 10, 1)))
        .isEqualTo(new RedisLanes.Reservation.Permit(Duration.ZERO));
  }

  @Test
  void keysNameTheProviderAndAHashOfTheCredentialNeverTheCredential() throws Exception {
    RedisLanes lanes = lanes();
    await(lanes.reserve("confluence", IDENTITY, 10, 1));
    await(lanes.close("confluence", IDENTITY, Duration.ofSeconds(5), "HTTP 429"));

    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
    try {
      Response keys = await(client.send(Request.cmd(Command.KEYS).arg("*")));
      List<String> names = new ArrayList<>();
      keys.forEach(key -> names.add(key.toString()));
      assertThat(names).hasSize(2).allSatisfy(name -> {
        assertThat(name).matches("membership:lane:confluence:[0-9a-f]{64}:(tat|closed)");
        assertThat(name.toLowerCase()).doesNotContain("secret-token-4711", "admin@example.com");
      });
    } finally {
      client.close();
    }
  }

  @Test
  void afterARestartThatLostEveryKeyNoMoreThanTheBurstGoesAtOnce() throws Exception {
    RedisLanes lanes = lanes();
    for (int i = 0; i < 20; i++) {
      await(lanes.reserve("confluence", IDENTITY, 100, 5));
    }

    server.restart();
    int atOnce = 0;
    for (int i = 0; i < 20; i++) {
      RedisLanes.Reservation reservation = await(retryOnce(() -> lanes.reserve("confluence", IDENTITY, 100, 5)));
      if (((RedisLanes.Reservation.Permit) reservation).delay().isZero()) {
        atOnce++;
      }
    }

    // The scripts were lost with the keys and are loaded again; the lane starts afresh with its burst, no more.
    assertThat(atOnce).isBetween(1, 6);
  }

  /** The first call after a restart may meet the connection the server closed: one retry, as a lane would. */
  private static <T> Future<T> retryOnce(java.util.function.Supplier<Future<T>> call) {
    return call.get().recover(failure -> call.get());
  }

  @Test
  void aWrongOrMissingPasswordAndABadUrlFailAtConnectNamingTheCauseNeverThePassword() throws Exception {
    try (RedisServer guarded = RedisServer.start("Right-Pass-0042")) {
      assertThatThrownBy(() -> await(RedisLanes.connect(vertx, guarded.uri(), "Wrong-Pass-0099", TIMEOUT)))
          .hasMessageContaining("password was refused").hasMessageNotContaining("Wrong-Pass-0099")
          .hasMessageNotContaining("Right-Pass-0042");
      assertThatThrownBy(() -> await(RedisLanes.connect(vertx, guarded.uri(), null, TIMEOUT)))
          .hasMessageContaining("asks for a password");
      RedisLanes right = await(RedisLanes.connect(vertx, guarded.uri(), "Right-Pass-0042", TIMEOUT));
      right.close();
    }
    for (String bad : new String[] {"", "http://127.0.0.1:6379", "redis://:Pass-In-Url@127.0.0.1:6379",
        "redis://127.0.0.1:6379/x", "not a url at all"}) {
      assertThatThrownBy(() -> await(RedisLanes.connect(vertx, bad, null, TIMEOUT))).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("shared limit URL: ")
          .hasMessageNotContaining("Pass-In-Url");
    }
    int closedPort = server.port();
    server.close();
    assertThatThrownBy(() -> await(RedisLanes.connect(vertx, "redis://127.0.0.1:" + closedPort, null, TIMEOUT)))
        .hasMessageContaining("shared limit at redis://127.0.0.1:" + closedPort);
  }
}
