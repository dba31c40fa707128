package dev.membership.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Verifies the Capillary pact the consumer tests wrote against an embedded sandbox. The pact pins no credential
 * (its Authorization header, access token and API client are fakes matched by pattern or type), so each request
 * goes out with the sandbox's default credentials; the states decide what those may do.
 */
@Provider(Contract.CAPILLARY)
class CapillaryProviderPactTest extends SandboxVerification {

  /**
   * A token request gets the sandbox's default API client's key and secret in its body; a removal with an access
   * token gets one the sandbox issued to that client, after the state was set up; any other removal the default
   * Basic credential.
   */
  @Override
  void authenticate(HttpRequest request) {
    if (request.getPath().equals("/v3/oauth/token/generate")) {
      jsonBody(request, new JsonObject().put("key", Contract.SANDBOX_CLIENT_KEY)
          .put("secret", Contract.SANDBOX_CLIENT_SECRET));
    } else if (request.containsHeader(Contract.CAPILLARY_TOKEN_HEADER)) {
      request.setHeader(Contract.CAPILLARY_TOKEN_HEADER, sandbox.capillaryAccessToken());
    } else {
      request.setHeader("Authorization", Contract.sandboxCapillaryAuthorization());
    }
  }

  @State(States.CUSTOMER_IN_GROUP)
  void customerInGroup(Map<String, Object> params) {
    sandbox.setUp(States.CUSTOMER_IN_GROUP, params);
  }

  @State(States.CUSTOMER_NOT_IN_GROUP)
  void customerNotInGroup(Map<String, Object> params) {
    sandbox.setUp(States.CUSTOMER_NOT_IN_GROUP, params);
  }

  @State(States.NO_SUCH_CUSTOMER)
  void noSuchCustomer(Map<String, Object> params) {
    sandbox.setUp(States.NO_SUCH_CUSTOMER, params);
  }

  @State(States.NO_SUCH_CAPILLARY_GROUP)
  void noSuchGroup(Map<String, Object> params) {
    sandbox.setUp(States.NO_SUCH_CAPILLARY_GROUP, params);
  }

  @State(States.CREDENTIALS_REFUSED)
  void credentialsRefused(Map<String, Object> params) {
    sandbox.setUp(States.CREDENTIALS_REFUSED, params);
  }

  @State(States.RATE_LIMITED)
  void rateLimited(Map<String, Object> params) {
    sandbox.setUp(States.RATE_LIMITED, params);
  }

  @State(States.SERVER_ERROR)
  void serverError(Map<String, Object> params) {
    sandbox.setUp(States.SERVER_ERROR, params);
  }
}
