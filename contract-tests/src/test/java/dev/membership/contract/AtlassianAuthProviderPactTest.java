package dev.membership.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import java.util.Map;

/**
 * Verifies the pact with Atlassian's authorisation server against the sandbox's {@code POST /oauth/token}: each
 * refresh goes out as the pact holds it, with the pact's app and refresh token, which the states register as they
 * say (valid, used already, or not at all).
 */
@Provider(Contract.ATLASSIAN_AUTH)
class AtlassianAuthProviderPactTest extends SandboxVerification {

  @State(States.REFRESH_TOKEN_VALID)
  void refreshTokenValid(Map<String, Object> params) {
    sandbox.setUp(States.REFRESH_TOKEN_VALID, params);
  }

  @State(States.REFRESH_TOKEN_USED)
  void refreshTokenUsed(Map<String, Object> params) {
    sandbox.setUp(States.REFRESH_TOKEN_USED, params);
  }

  @State(States.CREDENTIALS_REFUSED)
  void credentialsRefused(Map<String, Object> params) {
    sandbox.setUp(States.CREDENTIALS_REFUSED, params);
  }
}
