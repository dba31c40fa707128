package dev.membership.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What one provider's lane of a remover is doing: every attempt to that provider passes through it. The lane is
 * open and paces attempts at {@code rate}; closed until {@code until} (a {@code 429}, a {@code 503} with
 * {@code Retry-After}, or a spent quota), while nothing is sent to the provider; or probing: its closure has
 * passed and one request has gone first to see whether the provider takes requests again. A lane closed with no
 * {@code until} is closed for good: the provider refused the credentials (reason {@code "unauthorized"}, see
 * {@link CredentialsRejectedException}).
 *
 * @param provider the provider
 * @param status open, closed or probing
 * @param until when a closed lane opens; null unless closed, or if it never opens again
 * @param reason why it is closed ({@code "HTTP 429"}, {@code "HTTP 503"}, {@code "quota"}, {@code
 *     "unauthorized"}); null unless closed
 * @param rate the requests per second the lane lets through while open: the least of the configured
 *     {@link RateLimit}, the pace the provider's rate-limit headers allow, and the adaptive rate
 */
public record LaneState(Provider provider, Status status, Instant until, String reason, double rate) {

  /** The states of a lane. */
  public enum Status {
    /** Requests go out at the lane's rate. */
    OPEN,
    /** Nothing goes out until {@link LaneState#until()}; if that is null, nothing goes out again. */
    CLOSED,
    /** One request has gone out after a closure; the others wait for its answer. */
    PROBING
  }

  /** Checks that provider and status are given. */
  public LaneState {
    Objects.requireNonNull(provider, "provider == null");
    Objects.requireNonNull(status, "status == null");
  }

  /** Whether nothing is sent to the provider until {@link #until()} (ever again, if that is null). */
  public boolean closed() {
    return status == Status.CLOSED;
  }

  /**
   * One line for a progress display: {@code confluence open at 42.0/s}, {@code confluence paused until
   * 14:00:00Z: quota}, {@code confluence probing}, {@code confluence stopped: unauthorized}.
   */
  @Override
  public String toString() {
    String name = provider.key();
    return switch (status) {
      case OPEN -> name + " open at " + String.format(Locale.ROOT, "%.1f/s", rate);
      case CLOSED -> (until == null ? name + " stopped"
          : name + " paused until " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
              .toString().replaceFirst("^.*T", ""))
          + (reason == null ? "" : ": " + reason);
      case PROBING -> name + " probing";
    };
  }
}
