package dev.membership.core.internal;

import dev.membership.core.AccessToken;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token one provider's requests go out with. A token is asked for before the first request, again
 * shortly before it expires ({@link #ahead}: requests keep the old one until the new one comes), and again when
 * the provider refused one ({@link #rejected}); one call of the source at a time, whatever the concurrency (a call
 * starts only once the one before has completed, even if nobody waits for that one any more), each waited for at
 * most the attempt timeout on the {@link Scheduler}. Each token is taught to the {@link Redactor} before it is sent.
 *
 * <p>A fetch that failed leaves the requests waiting for it to fail (and be retried by their policy); while a token
 * is still valid, a failed renewal is tried again at most once a {@link #QUIET} interval. A refusal by the token
 * endpoint is final: every later request fails with it.
 */
final class AccessTokens {

  private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);

  /** A token is renewed this long before it expires at most. */
  static final Duration MOST_AHEAD = Duration.ofMinutes(1);
  /** While a token is still valid, a failed renewal is not tried again sooner than this. */
  static final Duration QUIET = Duration.ofSeconds(1);

  private final TokenFetch source;
  private final Scheduler scheduler;
  private final Duration timeout;
  private final Redactor redactor;
  private final String name;

  /** Under this object's lock. */
  private String token;
  private boolean expires;
  private long expiresAtNanos;
  private long renewAtNanos;
  private Promise<String> fetching;
  /** The source's last call: the next one starts once it has completed. */
  private Future<?> lastCall = Future.succeededFuture();
  private boolean quiet;
  private long quietUntilNanos;
  private TokenRefusedException refused;

  AccessTokens(TokenFetch source, Scheduler scheduler, Duration timeout, Redactor redactor, String name) {
    this.source = source;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.redactor = redactor;
    this.name = name;
  }

  /** How long before its expiry a token of {@code lifetime} is renewed: a tenth of it, at most a minute. */
  static Duration ahead(Duration lifetime) {
    Duration tenth = lifetime.dividedBy(10);
    return tenth.compareTo(MOST_AHEAD) < 0 ? tenth : MOST_AHEAD;
  }

  /** The token to send now: at once while one is valid (renewing it in the background when due), else once fetched. */
  Future<String> current() {
    Promise<String> start = null;
    Future<String> result;
    synchronized (this) {
      if (refused != null) {
        return Future.failedFuture(refused);
      }
      long now = scheduler.nanoTime();
      if (token != null && (!expires || now - expiresAtNanos < 0)) {
        if (expires && fetching == null && now - renewAtNanos >= 0 && (!quiet || now - quietUntilNanos >= 0)) {
          start = fetching = Promise.promise();
        }
        result = Future.succeededFuture(token);
      } else {
        if (fetching == null) {
          start = fetching = Promise.promise();
        }
        result = fetching.future();
      }
    }
    if (start != null) {
      fetch(start);
    }
    return result;
  }

  /**
   * The provider refused a request sent with {@code used}: unless a newer token is already known (or on its way),
   * the next request waits for a new one.
   */
  synchronized void rejected(String used) {
    if (used != null && used.equals(token)) {
      token = null;
    }
  }

  private void fetch(Promise<String> promise) {
    long started = scheduler.nanoTime();
    Scheduler.Timer timer = scheduler.timeout(timeout, () -> {
      if (settle(promise, started, null, new TimeoutException(
          "no access token within the attempt timeout of " + timeout.toMillis() + " ms"))) {
        source.abort();
      }
    });
    Promise<AccessToken> called = Promise.promise();
    Future<?> previous;
    synchronized (this) {
      previous = lastCall;
      lastCall = called.future();
    }
    previous.onComplete(ignored -> call().onComplete(called)); // outside the lock: the source is the caller's code
    called.future().onComplete((issued, failure) -> {
      timer.cancel();
      settle(promise, started, issued, failure == null && issued == null
          ? new IllegalStateException("the token source gave no token") : failure);
    });
  }

  /** One call of the source; whatever it throws or returns instead of a future is a failed call. */
  private Future<AccessToken> call() {
    try {
      Future<AccessToken> called = source.fetch();
      return called != null ? called
          : Future.failedFuture(new IllegalStateException("the token source returned no future"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Ends the fetch of {@code promise} if it is still the one in flight; false if it was ended already. */
  private boolean settle(Promise<String> promise, long started, AccessToken issued, Throwable failure) {
    Throwable told = null;
    synchronized (this) {
      if (fetching != promise) {
        return false;
      }
      fetching = null;
      if (failure == null) {
        redactor.learn(issued.value()); // before any request carries it
        token = issued.value();
        quiet = false;
        expires = issued.lifetime().isPresent();
        if (expires) {
          Duration lifetime = issued.lifetime().get();
          expiresAtNanos = started + saturatedNanos(lifetime);
          renewAtNanos = expiresAtNanos - saturatedNanos(ahead(lifetime));
        }
      } else if (failure instanceof TokenRefusedException refusal) {
        refused = refusal;
        told = refusal;
      } else {
        quiet = true;
        quietUntilNanos = scheduler.nanoTime() + QUIET.toNanos();
        told = new TokenUnavailableException(name, redactor.redact(failure));
      }
    }
    if (told == null) {
      LOG.debug("{} access token received{}", name,
          issued.lifetime().map(l -> ", valid for " + l.toSeconds() + " s").orElse(""));
      promise.complete(issued.value());
    } else {
      LOG.debug("{} access token not received: {}", name, told.getMessage());
      promise.fail(told);
    }
    return true;
  }

  Future<Void> close() {
    return source.close();
  }

  private static long saturatedNanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE / 4)) >= 0 ? Long.MAX_VALUE / 4 : duration.toNanos();
  }

  /** No token came (the endpoint did not answer, answered an error, or the caller's source failed): retried. */
  static final class TokenUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenUnavailableException(String provider, Throwable cause) {
      super("no " + provider + " access token: " + cause, cause);
    }
  }
}
