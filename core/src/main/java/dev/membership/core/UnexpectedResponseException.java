package dev.membership.core;

/**
 * The provider answered something its spec does not document: an undocumented status (a redirect, a 418, a 5xx
 * that is not retried), or a body that could not be decoded or mapped. Not retried.
 */
public final class UnexpectedResponseException extends RemovalException {

  private static final long serialVersionUID = 1L;

  private final String body;

  /**
   * @param provider the provider
   * @param status the HTTP status
   * @param attempts attempts made
   * @param body the response body, trimmed to 500 characters
   * @param cause a decoding failure, or {@code null}
   */
  public UnexpectedResponseException(Provider provider, int status, int attempts, String body, Throwable cause) {
    super(provider, status, attempts, "unexpected response" + (cause != null ? ": " + cause.getMessage() : ""), cause);
    this.body = body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "…" : body;
  }

  /** The response body, trimmed to 500 characters; empty if there was none. */
  public String body() {
    return body;
  }
}
