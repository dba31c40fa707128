package dev.membership.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.membership.core.RateLimit;
import dev.membership.core.SharedLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
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
  private static final String LANE = "confluence:" + "5e".repeat(32);
  private static final String OTHER_LANE = "capillary:" + "5e".repeat(32);

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
      SharedLimit.Reservation reservation = await(replicas.get(i % 3).reserve(LANE, new RateLimit(100, 10)));
      sendAt.add(asked + ((SharedLimit.Reservation.Permit) reservation).delay().toNanos());
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

    long before = System.nanoTime();
    Duration closed = await(one.close(LANE, Duration.ofMillis(400), "HTTP 429"));
    Duration shorter = await(other.close(LANE, Duration.ofMillis(100), "HTTP 503"));
    SharedLimit.Reservation seen = await(other.reserve(LANE, new RateLimit(10, 1)));
    long elapsed = System.nanoTime() - before;

    assertThat(closed).isEqualTo(Duration.ofMillis(400));
    assertThat(shorter).as("a shorter closure does not shorten it")
        .isBetween(Duration.ofMillis(400).minusNanos(elapsed), Duration.ofMillis(400));
    assertThat(seen).isInstanceOfSatisfying(SharedLimit.Reservation.Closed.class, closure -> {
      assertThat(closure.reason()).isEqualTo("HTTP 429");
      assertThat(closure.remaining()).isBetween(Duration.ofMillis(400).minusNanos(elapsed), Duration.ofMillis(400));
    });
    assertThat(await(other.reserve(OTHER_LANE, new RateLimit(10, 1)))).as("another provider's lane is open")
        .isEqualTo(new SharedLimit.Reservation.Permit(Duration.ZERO));
    Thread.sleep(450);
    // Nothing was reserved while closed: the first permit after it goes at once.
    assertThat(await(one.reserve(LANE, new RateLimit(10, 1))))
        .isEqualTo(new SharedLimit.Reservation.Permit(Duration.ZERO));
  }

  @Test
  void keysNameTheLaneAndALaneNameThatIsNotAProviderAndAHashIsRefused() throws Exception {
    RedisLanes lanes = lanes();
    assertThatThrownBy(() -> await(lanes.reserve("confluence:admin@example.com", new RateLimit(10, 1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("admin@example.com");
    assertThatThrownBy(() -> await(lanes.close("confluence:admin@example.com", Duration.ofSeconds(1), "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("admin@example.com");
    await(lanes.reserve(LANE, new RateLimit(10, 1)));
    await(lanes.close(LANE, Duration.ofSeconds(5), "HTTP 429"));

    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
    try {
      Response keys = await(client.send(Request.cmd(Command.KEYS).arg("membership:lane:*")));
      List<String> names = new ArrayList<>();
      keys.forEach(key -> names.add(key.toString()));
      assertThat(names).containsExactlyInAnyOrder("membership:lane:" + LANE + ":tat",
          "membership:lane:" + LANE + ":closed");
    } finally {
      client.close();
    }
  }

  @Test
  void afterARestartThatLostEveryKeyNoMoreThanTheBurstGoesAtOnce() throws Exception {
    RedisLanes lanes = lanes();
    for (int i = 0; i < 20; i++) {
      await(lanes.reserve(LANE, new RateLimit(100, 5)));
    }

    server.restart();
    int atOnce = 0;
    for (int i = 0; i < 20; i++) {
      SharedLimit.Reservation reservation = await(retryOnce(() -> lanes.reserve(LANE, new RateLimit(100, 5))));
      if (((SharedLimit.Reservation.Permit) reservation).delay().isZero()) {
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
        "redis://127.0.0.1:6379/x", "not a url at all", "redis://127.0.0.1:6379?password=Pass-In-Url",
        "redis://127.0.0.1:6379/0#Pass-In-Url"}) {
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
