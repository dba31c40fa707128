package dev.membership.core.internal;

import dev.membership.core.Provider;
import dev.membership.core.RateLimit;
import dev.membership.core.RemoverOptions;
import dev.membership.core.Scheduler;
import dev.membership.core.SharedLimit;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one lane needs of the {@link SharedLimit}: the limit, the lane's name there, the rate the replicas share,
 * and the remover's {@link Health} of the shared limit, which sets the fallback rate while it cannot be reached.
 */
record SharedLane(SharedLimit limit, String name, RateLimit rate, int replicas, Duration timeout, Health health) {

  /**
   * A lane of {@code provider} for the credential {@code user} and {@code secret} at {@code baseUrl} (user and
   * secret null for an OAuth token, whose lane is the site's: the token changes, the site does not); null when
   * the options have no shared limit.
   */
  static SharedLane of(RemoverOptions options, Provider provider, String baseUrl, String user, String secret,
      Health health) {
    if (options.sharedLimit() == null) {
      return null;
    }
    RateLimit rate = options.rateLimit(provider);
    String lower = provider.key();
    if (rate.isUnlimited()) {
      throw new dev.membership.core.InvalidInputException("rateLimit", "is required for " + lower
          + " with a shared limit: the provider's limit, which the replicas share");
    }
    return new SharedLane(options.sharedLimit(), lower + ":" + identity(baseUrl, user, secret), rate,
        options.expectedReplicas(), options.sharedLimitTimeout(), health);
  }

  /** The rate a lane keeps to while the shared limit cannot be reached: its share, never unlimited. */
  double fallbackRate() {
    return rate.permitsPerSecond() / replicas;
  }

  /**
   * The credential's identity as hex: HMAC-SHA-256 of the base URL and user (both in lower case, as hosts and
   * emails compare) keyed by the secret, so that the name can be matched neither with a guessed user nor without
   * the secret; SHA-256 of the base URL alone for an OAuth token.
   */
  static String identity(String baseUrl, String user, String secret) {
    byte[] site = baseUrl.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    try {
      if (secret == null) {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(site));
      }
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(site);
      mac.update((byte) '\n');
      return HexFormat.of().formatHex(mac.doFinal(user.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("SHA-256 or HMAC-SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Whether a remover's shared limit answers: one per remover, so an outage is one WARN line when it starts and
   * one INFO line when it ends, whichever lane notices. A failed call starts an outage, and so does the
   * second timeout in a row ({@link #TIMEOUTS_IN_A_ROW}: one call waited for twice, or two calls): one late
   * answer (a pause of the collector, a busy event loop) is not taken for a slow server.
   */
  static final class Health {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLimit.class);
    static final int TIMEOUTS_IN_A_ROW = 2;

    private final Scheduler scheduler;
    private final int replicas;
    private volatile boolean down;
    private long downSinceNanos;
    private int timeouts;

    Health(Scheduler scheduler, int replicas) {
      this.scheduler = scheduler;
      this.replicas = replicas;
    }

    boolean down() {
      return down;
    }

    /** A call failed or took longer than {@code timeout}. */
    void failed(Throwable cause, Duration timeout) {
      synchronized (this) {
        if (down || (cause instanceof TimeoutException && ++timeouts < TIMEOUTS_IN_A_ROW)) {
          return;
        }
        down = true;
        downSinceNanos = scheduler.nanoTime();
      }
      // The class of the failure only: its message is the network's text.
      String why = cause instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
          : cause.getClass().getSimpleName();
      LOG.warn("shared limit unreachable ({}): each lane sends at most its rate / {} until it answers", why,
          replicas);
    }

    /** A call was answered. */
    void answered() {
      long downNanos;
      synchronized (this) {
        timeouts = 0;
        if (!down) {
          return;
        }
        down = false;
        downNanos = scheduler.nanoTime() - downSinceNanos;
      }
      LOG.info("shared limit answers again after {} s: lanes share it again",
          String.format(Locale.ROOT, "%.1f", downNanos / 1e9));
    }
  }
}
