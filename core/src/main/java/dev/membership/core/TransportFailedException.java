package dev.membership.core;

/**
 * No answer arrived, on the last attempt and every retry: the connection was refused or reset, or the attempt
 * timed out. The {@linkplain #getCause() cause} is the last transport failure.
 */
public final class TransportFailedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link RemovalException}. */
  public TransportFailedException(Provider provider, int attempts, Throwable cause) {
    super(provider, 0, attempts, "no response: " + cause.getMessage(), cause);
  }
}
