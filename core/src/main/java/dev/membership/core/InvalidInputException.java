package dev.membership.core;

/**
 * An input — a membership field, a credential or a configuration value — was refused before anything was sent. The message names the field and the reason; it never repeats
 * the value, which may be personal data or contain control characters.
 */
public final class InvalidInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;
  private final String reason;

  /**
   * @param field the name of the refused field, as the user knows it (e.g. {@code identifierValue})
   * @param reason why, e.g. {@code must not be blank}
   */
  public InvalidInputException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  /** The refused field. */
  public String field() {
    return field;
  }

  /** Why it was refused. */
  public String reason() {
    return reason;
  }
}
