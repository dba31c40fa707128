package dev.membership.core;

import java.util.List;

/**
 * The provider refused the remover's credentials: HTTP 401 (with an OAuth token, a 401 or 403 that a renewed token
 * met too), or its token endpoint refused to give a token ({@link #byTokenEndpoint()}: a wrong client secret, a
 * revoked or already used refresh token). From the first refusal on, the remover sends nothing
 * more to that provider: requests already on a connection finish, and every other removal to it (waiting for a
 * slot, a permit or a retry, or asked for later) fails with this exception without being sent again
 * ({@link #sent()} false; {@link #attempts()} counts what it sent before). Removals to the other provider go on.
 * Nothing a remover does makes such credentials work again: give working ones to a new remover and remove the
 * failed memberships again.
 */
public final class CredentialsRejectedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  private final boolean sent;
  private final boolean byTokenEndpoint;
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
    this(provider, status, attempts, sent, false, messages, sent ? "the provider refused the credentials"
        : "not sent: the provider refused the credentials earlier");
  }

  private CredentialsRejectedException(Provider provider, int status, int attempts, boolean sent,
      boolean byTokenEndpoint, List<ProviderMessage> messages, String message) {
    super(provider, status, attempts, message, null);
    this.sent = sent;
    this.byTokenEndpoint = byTokenEndpoint;
    this.messages = List.copyOf(messages);
  }

  /**
   * The provider's token endpoint refused the credentials, so this removal was not sent (again).
   *
   * @param provider the provider
   * @param status the token endpoint's HTTP status
   * @param attempts attempts of this removal made before (one that failed for want of a token counts)
   * @param messages what the token endpoint said (redacted), empty if nothing
   */
  public static CredentialsRejectedException byTokenEndpoint(Provider provider, int status, int attempts,
      List<ProviderMessage> messages) {
    return new CredentialsRejectedException(provider, status, attempts, false, true, messages,
        "not sent: the token endpoint refused the credentials");
  }

  /** Whether the token endpoint refused the credentials, rather than the provider's API. */
  public boolean byTokenEndpoint() {
    return byTokenEndpoint;
  }

  /**
   * What the provider or its token endpoint said with its refusal (Capillary's error codes and texts, an OAuth
   * error), redacted; may be empty.
   */
  public List<ProviderMessage> messages() {
    return messages;
  }

  /** Whether this removal's request was refused; false for a removal failed without being sent (again). */
  public boolean sent() {
    return sent;
  }
}
