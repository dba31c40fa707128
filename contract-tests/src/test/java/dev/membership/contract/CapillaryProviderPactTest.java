package dev.membership.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import java.util.Map;

/**
 * Verifies the Capillary pact the consumer tests wrote against an embedded sandbox. A removal with Basic
 * credentials goes out with the sandbox's default one (the pact matches that header by pattern); a token request
 * and a removal with an access token go out as the pact holds them, their states having registered the pact's
 * API client and token. The states decide what each credential may do.
 */
@Provider(Contract.CAPILLARY)
class CapillaryProviderPactTest extends SandboxVerification {

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
