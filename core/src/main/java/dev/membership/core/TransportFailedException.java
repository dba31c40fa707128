package dev.membership.core;

/**
 * No answer arrived, on the last attempt and every retry: the connection was refused or reset, or the attempt
 * timed out; or TLS failed (an untrusted certificate, a host name the certificate does not name, a failed
 * handshake), which is not retried. The {@linkplain #getCause() cause} is the last transport failure, as the HTTP
 * client reported it (a {@code java.net.ConnectException}, a {@code javax.net.ssl.SSLHandshakeException}, a
 * {@code java.util.concurrent.TimeoutException} for the attempt timeout, ...).
 */
public final class TransportFailedException extends RemovalException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link RemovalException}. */
  public TransportFailedException(Provider provider, int attempts, Throwable cause) {
    this(provider, attempts, cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(),
        cause);
  }

  /** Creates the exception with {@code detail} saying what happened; see {@link RemovalException}. */
  public TransportFailedException(Provider provider, int attempts, String detail, Throwable cause) {
    super(provider, 0, attempts, "no response: " + detail, cause);
  }
}
