package dev.membership.core;

/**
 * Every attempt the retry policy allows was answered with a retryable status (see {@link RetryPolicy}). Nothing
 * final was answered, so sending the removal again later is safe.
 */
public final class RetriesExhaustedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link RemovalException}. */
  public RetriesExhaustedException(Provider provider, int status, int attempts) {
    super(provider, status, attempts, "retries exhausted", null);
  }
}
