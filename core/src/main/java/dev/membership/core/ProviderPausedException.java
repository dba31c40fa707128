package dev.membership.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The removal was not sent (again) because its provider is paused for longer than the remover waits: the provider
 * asked for a wait longer than its bound (a {@code Retry-After} longer than {@link RetryPolicy#maxRetryAfter()},
 * or a spent quota that resets more than an hour from now), or, in a bulk run, nothing could be sent to the provider
 * for {@link RemoverOptions#stallTimeout()} ({@link #stalled()}). Nothing is sent to a provider before the wait it
 * asked for is over, so removals that would wait for it end with this exception; the memberships are unchanged and
 * can be removed again once {@link #until()} has passed.
 */
public final class ProviderPausedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  private final Duration waited;
  private final Duration bound;
  private final Instant until;
  private final String reason;
  private final boolean stalled;

  private ProviderPausedException(Provider provider, int status, int attempts, Duration waited, Duration bound,
      Instant until, String reason, boolean stalled, String message) {
    super(provider, status, attempts, message, null);
    this.waited = waited;
    this.bound = bound;
    this.until = until;
    this.reason = reason;
    this.stalled = stalled;
  }

  /**
   * The provider asked to wait {@code asked}, longer than {@code bound}.
   *
   * @param provider the provider
   * @param status the last HTTP status of this removal, 0 if none
   * @param attempts attempts made
   * @param asked the wait the provider asked for
   * @param bound the longest wait of its kind the remover waits for
   * @param until when the wait is over
   * @param reason why the provider is paused ({@code "HTTP 429"}, {@code "quota"}, ...)
   */
  public static ProviderPausedException askedTooLong(Provider provider, int status, int attempts, Duration asked,
      Duration bound, Instant until, String reason) {
    return new ProviderPausedException(provider, status, attempts, asked, bound, until, reason, false,
        "not sent: the provider asked to wait " + seconds(asked) + " (" + reason + ", until " + until
            + "), longer than the " + seconds(bound) + " the remover waits");
  }

  /**
   * Nothing could be sent to the provider for {@code stallTimeout} while this removal of a bulk run waited.
   *
   * @param provider the provider
   * @param status the last HTTP status of this removal, 0 if none
   * @param attempts attempts made
   * @param stallTimeout the bulk run's {@link RemoverOptions#stallTimeout()}
   */
  public static ProviderPausedException stalled(Provider provider, int status, int attempts, Duration stallTimeout) {
    return new ProviderPausedException(provider, status, attempts, stallTimeout, stallTimeout, null, "stalled", true,
        "not sent: nothing could be sent to the provider for " + seconds(stallTimeout)
            + " (stallTimeout), so the bulk run stopped sending to it");
  }

  /** How long the provider asked to wait, or, if {@link #stalled()}, how long nothing could be sent. */
  public Duration waited() {
    return waited;
  }

  /** The longest wait of this kind the remover waits for. */
  public Duration bound() {
    return bound;
  }

  /** When the provider's wait is over; null if {@link #stalled()}, when nothing says. */
  public Instant until() {
    return until;
  }

  /** Why the provider is paused: {@code "HTTP 429"}, {@code "HTTP 503"}, {@code "quota"}, or {@code "stalled"}. */
  public String reason() {
    return reason;
  }

  /**
   * The same pause, for a removal not sent because of it: status and attempts 0. A bulk run ends its later
   * removals to the paused provider with it.
   */
  public ProviderPausedException notSent() {
    return stalled ? stalled(provider(), 0, 0, waited)
        : askedTooLong(provider(), 0, 0, waited, bound, until, reason);
  }

  /** Whether a bulk run stopped the provider because nothing could be sent to it for its stall timeout. */
  public boolean stalled() {
    return stalled;
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + " s";
  }
}
