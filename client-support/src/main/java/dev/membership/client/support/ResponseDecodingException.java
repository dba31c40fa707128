package dev.membership.client.support;

/**
 * A response arrived but could not be turned into the declared model: the body was not the JSON the spec
 * describes, or decoding failed with an {@link Error} (for example a Jackson version mismatch on the class path).
 */
public final class ResponseDecodingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status the HTTP status of the response that could not be decoded
   * @param cause what decoding threw
   */
  public ResponseDecodingException(int status, Throwable cause) {
    super("HTTP " + status + " response could not be decoded: " + cause, cause);
    this.status = status;
  }

  /**
   * @param status the HTTP status of the response that could not be decoded
   * @param reason why, in words of the caller's own (no text of the response)
   */
  public ResponseDecodingException(int status, String reason) {
    super("HTTP " + status + " response could not be decoded: " + reason);
    this.status = status;
  }

  /** The HTTP status of the response that could not be decoded. */
  public int status() {
    return status;
  }
}
