package dev.membership.core;

import java.time.Duration;

/**
 * The overall deadline of the removal passed, or the next attempt could only start after it (for example a
 * {@code Retry-After} longer than the time left). No attempt is started after the deadline.
 */
public final class DeadlineExceededException extends RemovalException {

  private static final long serialVersionUID = 1L;

  /**
   * @param provider the provider
   * @param status the last HTTP status, 0 if none
   * @param attempts attempts made
   * @param deadline the configured deadline
   * @param detail what happened, e.g. {@code provider asked to wait 3600 s}
   */
  public DeadlineExceededException(Provider provider, int status, int attempts, Duration deadline, String detail) {
    super(provider, status, attempts, "deadline of " + deadline.toMillis() + " ms exceeded: " + detail, null);
  }
}
