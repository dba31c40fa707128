package dev.membership.contract;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.util.Map;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Verifies the Capillary pact the consumer tests wrote against an embedded sandbox. The pact pins no credential
 * (its Authorization header is a fake matched by pattern), so each request goes out with the sandbox's default
 * credential; the states decide what that credential may do.
 */
@Provider(Contract.CAPILLARY)
@PactFolder("target/pacts")
class CapillaryProviderPactTest {

  private static VerifiedSandbox sandbox;

  @BeforeAll
  static void startSandbox() {
    sandbox = VerifiedSandbox.start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    assumeFalse(VerifiedSandbox.isKnownPending(context.getInteraction()), "pending interaction");
    context.setTarget(sandbox.target());
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void sandboxAnswersAsThePactExpects(PactVerificationContext context, HttpRequest request) {
    request.setHeader("Authorization", Contract.sandboxCapillaryAuthorization());
    context.verifyInteraction();
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

  @State(States.SERVER_ERROR)
  void serverError(Map<String, Object> params) {
    sandbox.setUp(States.SERVER_ERROR, params);
  }
}
