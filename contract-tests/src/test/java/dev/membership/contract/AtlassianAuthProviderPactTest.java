package dev.membership.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Verifies the pact with Atlassian's authorisation server against the sandbox's {@code POST /oauth/token}: each
 * refresh goes out with the sandbox's default app and refresh token instead of the pact's fakes; the states decide
 * whether those still work.
 */
@Provider(Contract.ATLASSIAN_AUTH)
class AtlassianAuthProviderPactTest extends SandboxVerification {

  @Override
  void authenticate(HttpRequest request) {
    jsonBody(request, new JsonObject().put("grant_type", "refresh_token")
        .put("client_id", Contract.SANDBOX_OAUTH_CLIENT_ID)
        .put("client_secret", Contract.SANDBOX_OAUTH_CLIENT_SECRET)
        .put("refresh_token", Contract.SANDBOX_REFRESH_TOKEN));
  }

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
