package dev.membership.ratelimit.redis;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Provider lanes whose permits and closures live in Redis, so that every replica of a service (or every process
 * of a split file) shares one rate limit and one closure. Each call is one round trip, atomic on the server: a
 * Lua script runs GCRA (the generic cell rate algorithm) on Redis's own clock, so replicas need no synchronised
 * clocks. Asynchronous, through the Vert.x Redis client: nothing blocks an event loop.
 *
 * <p>Keys are {@code membership:lane:<provider>:<sha-256 of the credential identity, hex>:…}: namespaced per
 * provider and per credential, never holding the credential itself. They expire once they no longer matter.
 *
 * <p>This is the store alone; a lane that uses it is the next step.
 */
public final class RedisLanes implements AutoCloseable {

  private static final String RESERVE = script("reserve.lua");
  private static final String CLOSE = script("close.lua");

  /** What {@link #reserve} came to. */
  public sealed interface Reservation {
    /** A permit: send after {@code delay}. */
    record Permit(Duration delay) implements Reservation {}

    /** The lane is closed until {@code until}, for {@code reason}: nothing was reserved. */
    record Closed(Instant until, String reason) implements Reservation {}
  }

  private final Redis redis;
  private final Duration timeout;
  private final String reserveSha;
  private final String closeSha;

  private RedisLanes(Redis redis, Duration timeout, String reserveSha, String closeSha) {
    this.redis = redis;
    this.timeout = timeout;
    this.reserveSha = reserveSha;
    this.closeSha = closeSha;
  }

  /**
   * Connects to {@code uri} ({@code redis://host:port[/db]}), authenticates with {@code password} (null for none)
   * and loads the scripts: a bad URL, a wrong password or an unreachable server fails here, before any removal,
   * with a message that names what is wrong and never the password.
   *
   * @param timeout the longest any call may take, this one included
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
    return close.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .map(loaded -> new RedisLanes(redis, timeout, reserve.result().toString(), loaded.toString()))
        .recover(failure -> {
          redis.close();
          return Future.failedFuture(new IllegalStateException("shared limit at " + safe(uri) + ": "
              + describe(failure)));
        });
  }

  /**
   * Reserves the next permit of the lane of {@code provider} and {@code credentialIdentity} at {@code
   * permitsPerSecond}, letting {@code burst} through at once; or says until when the lane is closed.
   */
  public Future<Reservation> reserve(String provider, String credentialIdentity, double permitsPerSecond,
      int burst) {
    if (!(permitsPerSecond > 0) || burst < 1) {
      return Future.failedFuture(new IllegalArgumentException("permitsPerSecond must be positive, burst at least 1"));
    }
    String prefix = prefix(provider, credentialIdentity);
    long interval = Math.max(1, Math.round(1_000_000 / permitsPerSecond));
    long tolerance = interval * (burst - 1L);
    return script(reserveSha, RESERVE, List.of(prefix + ":tat", prefix + ":closed"),
        List.of(String.valueOf(interval), String.valueOf(tolerance)))
        .map(reply -> {
          long wait = reply.get(0).toLong();
          if (wait < 0) {
            return new Reservation.Closed(micros(reply.get(1).toLong()), reply.get(2).toString());
          }
          return new Reservation.Permit(Duration.ofNanos(wait * 1000));
        });
  }

  /**
   * Closes the lane of {@code provider} and {@code credentialIdentity} for every replica for {@code wait} from
   * now on Redis's clock, or keeps it closed until later if it already is; completes with when it opens.
   */
  public Future<Instant> close(String provider, String credentialIdentity, Duration wait, String reason) {
    String prefix = prefix(provider, credentialIdentity);
    long micros = Math.max(0, Math.min(wait.toMillis(), Duration.ofDays(366).toMillis())) * 1000;
    return script(closeSha, CLOSE, List.of(prefix + ":closed"),
        List.of(String.valueOf(micros), reason == null ? "" : reason))
        .map(reply -> micros(reply.toLong()));
  }

  /** The key prefix of a lane: the provider's name and a hash of the credential identity, never the identity. */
  static String prefix(String provider, String credentialIdentity) {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(credentialIdentity, "credentialIdentity == null");
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(credentialIdentity.getBytes(StandardCharsets.UTF_8));
      return "membership:lane:" + provider.toLowerCase(Locale.ROOT) + ":" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
            : Future.failedFuture(failure))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Request evalsha(String sha, List<String> keys, List<String> args) {
    Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
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
    if (parsed.getUserInfo() != null) {
      return "must not carry a password: give it through the environment";
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
