package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import dev.membership.ratelimit.redis.RedisLanes;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The Redis server of {@code --shared-limit}, connected before any removal: a bad URL, a wrong password or a server
 * that cannot be reached stops the command there, naming {@code --shared-limit} and never the password.
 */
final class SharedLimitConnection implements AutoCloseable {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final RedisLanes lanes;

  private SharedLimitConnection(RedisLanes lanes) {
    this.lanes = lanes;
  }

  static SharedLimitConnection open(Vertx vertx, String url, String password) {
    try {
      return new SharedLimitConnection(Await.result(RedisLanes.connect(vertx, url, password, CONNECT_TIMEOUT)));
    } catch (IllegalArgumentException | IllegalStateException e) {
      // RedisLanes's messages name the cause, never the password; the URL is left out, as every value is.
      throw new InvalidInputException("--shared-limit",
          String.valueOf(e.getMessage()).replaceFirst("^shared limit (URL|at \\S+): ", ""));
    }
  }

  RedisLanes lanes() {
    return lanes;
  }

  @Override
  public void close() {
    lanes.close();
  }
}
