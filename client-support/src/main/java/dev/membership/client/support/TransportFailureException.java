package dev.membership.client.support;

import java.util.Objects;

/**
 * The request could not be completed: the connection was refused or reset, TLS failed, or the attempt timed out
 * before a whole response arrived. The original failure is the {@linkplain #getCause() cause}.
 *
 * <p>The message names the method, host and path, never the query string (it may carry personal identifiers)
 * nor any header.
 */
public final class TransportFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final String target;

  /**
   * @param method the HTTP method of the failed request, such as {@code DELETE}
   * @param target scheme, host, port and path of the request, without its query string
   * @param cause what the HTTP client reported
   */
  public TransportFailureException(String method, String target, Throwable cause) {
    super(method + " " + target + " failed before a response arrived: " + describe(cause),
        Objects.requireNonNull(cause, "cause == null"));
    this.method = method;
    this.target = target;
  }

  /** The HTTP method of the failed request. */
  public String method() {
    return method;
  }

  /** Scheme, host, port and path of the failed request, without its query string. */
  public String target() {
    return target;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + message;
  }
}
