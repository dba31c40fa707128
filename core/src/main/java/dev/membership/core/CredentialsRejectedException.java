package dev.membership.core;

import java.util.List;

/**
 * The provider refused the remover's credentials (HTTP 401). From the first refusal on, the remover sends nothing
 * more to that provider: requests already on a connection finish, and every other removal to it (waiting for a
 * slot, a permit or a retry, or asked for later) fails with this exception without being sent again
 * ({@link #sent()} false; {@link #attempts()} counts what it sent before). Removals to the other provider go on.
 * Nothing a remover does makes such credentials work again: give working ones to a new remover and remove the
 * failed memberships again.
 */
public final class CredentialsRejectedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  private final boolean sent;
  private final transient List<ProviderMessage> messages;

  /**
   * @param provider the provider
   * @param status the HTTP status of the last answer to this removal (401 for the refused one), 0 if none
   * @param attempts attempts made
   * @param sent whether this removal's request was the one refused, rather than one never sent
   * @param messages what the provider said with its refusal (redacted), empty if nothing or not sent
   */
  public CredentialsRejectedException(Provider provider, int status, int attempts, boolean sent,
      List<ProviderMessage> messages) {
    super(provider, status, attempts, sent ? "the provider refused the credentials"
        : "not sent: the provider refused the credentials earlier", null);
    this.sent = sent;
    this.messages = List.copyOf(messages);
  }

  /** What the provider said with its refusal (Capillary's error codes and texts), redacted; may be empty. */
  public List<ProviderMessage> messages() {
    return messages;
  }

  /** Whether this removal's request was refused; false for a removal failed without being sent (again). */
  public boolean sent() {
    return sent;
  }
}
