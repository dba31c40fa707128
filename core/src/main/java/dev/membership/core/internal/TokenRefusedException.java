package dev.membership.core.internal;

import dev.membership.core.ProviderMessage;
import java.util.List;

/**
 * A token endpoint refused the credentials (a wrong client secret, a revoked or already used refresh token): no
 * token will come from them, so the provider's removals stop as for a refused request. Carries the endpoint's
 * status and what it said, redacted; never a credential.
 */
final class TokenRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<ProviderMessage> messages;

  TokenRefusedException(int status, List<ProviderMessage> messages) {
    super("the token endpoint refused the credentials (HTTP " + status + ")", null, false, false);
    this.status = status;
    this.messages = List.copyOf(messages);
  }

  int status() {
    return status;
  }

  List<ProviderMessage> messages() {
    return messages;
  }
}
