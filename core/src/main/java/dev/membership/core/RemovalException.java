package dev.membership.core;

/**
 * A removal could not be made or its answer could not be understood. A provider's refusal of the membership is not
 * an exception but a {@link RemovalOutcome}; its refusal of the credentials is ({@link CredentialsRejectedException}),
 * since it ends every removal to that provider. Messages name the provider, status and attempts, never a credential.
 */
public abstract sealed class RemovalException extends RuntimeException
    permits TransportFailedException, RetriesExhaustedException, DeadlineExceededException,
    UnexpectedResponseException, RemoverClosedException, CredentialsRejectedException, ProviderPausedException,
    BulkStoppedException {

  private static final long serialVersionUID = 1L;

  private final Provider provider;
  private final int status;
  private final int attempts;

  RemovalException(Provider provider, int status, int attempts, String message, Throwable cause) {
    super(provider.key() + ": " + message
        + (status > 0 ? " (last HTTP status " + status + ")" : "") + " after " + attempts
        + (attempts == 1 ? " attempt" : " attempts"), cause);
    this.provider = provider;
    this.status = status;
    this.attempts = attempts;
  }

  /** The provider the removal was sent to. */
  public Provider provider() {
    return provider;
  }

  /** The HTTP status of the last answer, or 0 if no answer arrived. */
  public int status() {
    return status;
  }

  /** How many attempts were made. */
  public int attempts() {
    return attempts;
  }
}
