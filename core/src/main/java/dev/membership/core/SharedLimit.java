package dev.membership.core;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Where the lanes of several removers meet: the replicas of a service, or the processes a big file was split
 * over, which send with the same credentials and so spend one provider limit. With one set in
 * {@link RemoverOptions.Builder#sharedLimit(SharedLimit, int)}, every permit of a lane is reserved here at the
 * provider's configured {@link RateLimit} (the limit the replicas share, not a share of it), and a closure one
 * remover learns of (a {@code 429}, a {@code 503} with {@code Retry-After}, a spent quota) is written here, so
 * that the others stop sending too. Without one (the default), each remover's lanes are its own.
 *
 * <p>A lane has one reservation in flight at a time, so a remover never holds more than one reserved permit
 * ahead. The adaptive rate stays each remover's own: it is what this remover saw of the provider.
 *
 * <p>When a call fails, or is still unanswered after twice {@link RemoverOptions#sharedLimitTimeout()}, or two
 * calls in a row each take longer than it, the lanes fall back to an in-process limit of the configured rate divided by the expected replicas, never to no
 * limit; each asks the shared limit again at most once a second and goes back to it when it answers. One WARN line
 * is written when an outage starts and one INFO line when it ends. A lane makes no call while one of its calls is
 * unanswered, so calls never pile up behind a frozen server.
 *
 * <p>{@code ratelimit-redis} implements it on Redis. An implementation must be safe to call from any thread and
 * must not block.
 */
public interface SharedLimit {

  /**
   * Reserves the next permit of {@code lane} at {@code limit}, or says how long the lane is still closed; when it
   * is closed, nothing is reserved.
   *
   * @param lane the lane's name, {@code <provider>:<64 hex digits>}: the provider's name in lower case and an
   *     HMAC-SHA-256 of the base URL and user keyed by the credential's secret (of the base URL alone for an OAuth
   *     token), so it holds no secret or personal data and may be used in a key as it is
   */
  Future<Reservation> reserve(String lane, RateLimit limit);

  /**
   * Closes {@code lane} for every remover for {@code wait} from now, or keeps it closed for longer if it already
   * is; completes with how long it is closed from now.
   */
  Future<Duration> close(String lane, Duration wait, String reason);

  /** What {@link #reserve} came to. */
  sealed interface Reservation {

    /** A permit: send once {@code delay} has passed. */
    record Permit(Duration delay) implements Reservation {}

    /** The lane is closed for {@code remaining} more, for {@code reason}: nothing was reserved. */
    record Closed(Duration remaining, String reason) implements Reservation {}
  }
}
