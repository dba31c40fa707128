package dev.membership.core;

/**
 * The remover was {@linkplain MembershipRemover#close() closed} before the removal ended: it was asked for after
 * the close, was still waiting to start, or was in flight and cut off (a DELETE cut off in flight may or may not
 * have reached the provider; sending it again is safe).
 */
public final class RemoverClosedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  /**
   * @param provider the provider
   * @param status the last HTTP status, 0 if none
   * @param attempts attempts made
   */
  public RemoverClosedException(Provider provider, int status, int attempts) {
    super(provider, status, attempts, "the remover was closed", null);
  }
}
