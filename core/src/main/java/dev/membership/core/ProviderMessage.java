package dev.membership.core;

/**
 * One error or warning a provider returned, e.g. Capillary's {@code {code: 1620, message: "..."}}.
 *
 * @param code the provider's code, or 0 when it gave none
 * @param message the provider's message, trimmed to 500 characters; empty when it gave none
 */
public record ProviderMessage(int code, String message) {

  /** Trims the message to 500 characters; {@code null} becomes empty. */
  public ProviderMessage {
    message = message == null ? "" : message.length() > 500 ? message.substring(0, 500) + "…" : message;
  }
}
