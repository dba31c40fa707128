package dev.membership.ratelimit.redis;

import dev.membership.core.RateLimit;
import dev.membership.core.SharedLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link SharedLimit} on Redis: every replica of a service (or every process of a split file) that connects to
 * the same server shares one rate limit and one closure per provider and credential. Each call is one round trip,
 * atomic on the server: a Lua script runs GCRA (the generic cell rate algorithm) on Redis's own clock, so replicas
 * need no synchronised clocks. Asynchronous, through the Vert.x Redis client: nothing blocks an event loop.
 *
 * <p>Keys are {@code membership:lane:<provider>:<sha-256 of the credential identity, hex>:tat} and
 * {@code …:closed}: namespaced per provider and per credential, never holding the credential itself. They expire
 * once they no longer matter. A server that restarts without its keys lets at most the burst through at once: a
 * lost key reads as an idle lane.
 *
 * <p>Each call has no bound of its own: the lane that calls bounds it (see {@link SharedLimit}).
 */
public final class RedisLanes implements SharedLimit, AutoCloseable {

  private static final String RESERVE = script("reserve.lua");
  private static final String CLOSE = script("close.lua");
  private static final Pattern LANE = Pattern.compile("[a-z]{1,32}:[0-9a-f]{64}");

  private final Redis redis;
  private final String reserveSha;
  private final String closeSha;

  private RedisLanes(Redis redis, String reserveSha, String closeSha) {
    this.redis = redis;
    this.reserveSha = reserveSha;
    this.closeSha = closeSha;
  }

  /**
   * Connects to {@code uri} ({@code redis://host:port[/db]}), authenticates with {@code password} (null for none)
   * and loads the scripts: a bad URL, a wrong password or an unreachable server fails here, before any removal,
   * with a message that names what is wrong and never the password.
   *
   * @param timeout the longest connecting may take
   */
  public static Future<RedisLanes> connect(Vertx vertx, String uri, String password, Duration timeout) {
    Objects.requireNonNull(vertx, "vertx == null");
    Objects.requireNonNull(timeout, "timeout == null");
    String problem = checkUri(uri);
    if (problem != null) {
      return Future.failedFuture(new IllegalArgumentException("shared limit URL: " + problem));
    }
    RedisOptions options = new RedisOptions().setConnectionString(uri).setMaxPoolSize(8).setMaxPoolWaiting(1024);
    if (password != null) {
      options.setPassword(password);
    }
    Redis redis = Redis.createClient(vertx, options);
    Future<Response> reserve = redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(RESERVE));
    Future<Response> close = reserve.compose(ignored -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(CLOSE)));
    // One reservation on a lane of its own (kept a second), so that the first one a lane makes, bounded by the
    // lane's short timeout, does not pay for the client's first use.
    Future<RedisLanes> warm = close.compose(loaded -> {
      RedisLanes lanes = new RedisLanes(redis, reserve.result().toString(), loaded.toString());
      return lanes.script(lanes.reserveSha, RESERVE, List.of("membership:warm-up:tat", "membership:warm-up:closed"),
          List.of("1", "0")).map(ignored -> lanes);
    });
    return warm.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .recover(failure -> {
          redis.close();
          return Future.failedFuture(new IllegalStateException("shared limit at " + safe(uri) + ": "
              + describe(failure)));
        });
  }

  @Override
  public Future<Reservation> reserve(String lane, RateLimit limit) {
    Objects.requireNonNull(limit, "limit == null");
    String prefix;
    try {
      prefix = prefix(lane);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (limit.isUnlimited()) {
      return Future.failedFuture(new IllegalArgumentException("limit: an unlimited rate cannot be shared"));
    }
    // Rounded up: a schedule a fraction of a microsecond too tight would overshoot at very high rates.
    long interval = Math.max(1, (long) Math.ceil(1_000_000 / limit.permitsPerSecond()));
    long tolerance = interval * (limit.burst() - 1L);
    return script(reserveSha, RESERVE, List.of(prefix + ":tat", prefix + ":closed"),
        List.of(String.valueOf(interval), String.valueOf(tolerance)))
        .map(reply -> {
          long wait = reply.get(0).toLong();
          if (wait < 0) {
            return new Reservation.Closed(micros(reply.get(1).toLong()), reply.get(2).toString());
          }
          return new Reservation.Permit(micros(wait));
        });
  }

  @Override
  public Future<Duration> close(String lane, Duration wait, String reason) {
    Objects.requireNonNull(wait, "wait == null");
    String prefix;
    try {
      prefix = prefix(lane);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    long micros = Math.max(0, Math.min(wait.toMillis(), Duration.ofDays(366).toMillis())) * 1000;
    return script(closeSha, CLOSE, List.of(prefix + ":closed"),
        List.of(String.valueOf(micros), reason == null ? "" : reason))
        .map(reply -> micros(reply.toLong()));
  }

  /** The key prefix of a lane; a name that is not a provider and a hash is refused, so no identity lands in a key. */
  static String prefix(String lane) {
    if (lane == null || !LANE.matcher(lane).matches()) {
      throw new IllegalArgumentException("lane: must be a provider's name and a hex SHA-256");
    }
    return "membership:lane:" + lane;
  }

  @Override
  public void close() {
    redis.close();
  }

  /**
   * Runs a loaded script; a server that lost its scripts (restarted) is given the script again once. The sha is the
   * script's, so it is the same after the reload.
   */
  private Future<Response> script(String sha, String source, List<String> keys, List<String> args) {
    return redis.send(evalsha(sha, keys, args))
        .recover(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT")
            ? redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source))
                .compose(loaded -> redis.send(evalsha(sha, keys, args)))
            : Future.failedFuture(failure));
  }

  private static Request evalsha(String sha, List<String> keys, List<String> args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static Duration micros(long micros) {
    return Duration.ofNanos(Math.max(0, micros) * 1000);
  }

  /** Why the URL cannot be used, or null. */
  private static String checkUri(String uri) {
    if (uri == null || uri.isBlank()) {
      return "is required";
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (java.net.URISyntaxException e) {
      return "is not a URL";
    }
    if (!"redis".equals(parsed.getScheme()) && !"rediss".equals(parsed.getScheme())) {
      return "must start with redis:// or rediss://";
    }
    if (parsed.getHost() == null) {
      return "has no host";
    }
    if (parsed.getUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
      return "must not carry a user, a password or any other parameter: give the password through the environment";
    }
    String path = parsed.getPath();
    if (path != null && !path.isEmpty() && !path.matches("/\\d{1,2}")) {
      return "may end only in a database number, as /0";
    }
    return null;
  }

  /** The URL without anything but scheme, host, port and path. */
  private static String safe(String uri) {
    URI parsed = URI.create(uri);
    return parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort())
        + (parsed.getPath() == null ? "" : parsed.getPath());
  }

  /** What went wrong, in words that name the cause and never repeat the password. */
  private static String describe(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    String what;
    if (lower.contains("wrongpass") || lower.contains("invalid password") || lower.contains("invalid username")) {
      what = "the password was refused (WRONGPASS)";
    } else if (lower.contains("noauth")) {
      what = "the server asks for a password and none was given";
    } else if (failure instanceof java.util.concurrent.TimeoutException || lower.contains("timed out")) {
      what = "no answer in time";
    } else if (failure instanceof java.net.ConnectException || lower.contains("connection refused")) {
      what = "connection refused";
    } else {
      what = failure.getClass().getSimpleName();
    }
    return what;
  }

  private static String script(String name) {
    try (InputStream in = RedisLanes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
