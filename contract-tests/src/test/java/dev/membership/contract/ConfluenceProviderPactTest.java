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
 * Verifies the Confluence pact against an embedded sandbox, sending the sandbox's default site admin instead of
 * the pact's fake credential. Interactions marked pending (see {@link VerifiedSandbox#KNOWN_PENDING}) are
 * skipped, and reported as skipped.
 */
@Provider(Contract.CONFLUENCE)
@PactFolder("target/pacts")
class ConfluenceProviderPactTest {

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
    assumeFalse(VerifiedSandbox.isKnownPending(context.getInteraction()),
        "pending interaction (see VerifiedSandbox.KNOWN_PENDING)");
    context.setTarget(sandbox.target());
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void sandboxAnswersAsThePactExpects(PactVerificationContext context, HttpRequest request) {
    request.setHeader("Authorization", Contract.sandboxConfluenceAuthorization());
    context.verifyInteraction();
  }

  @State(States.ACCOUNT_IN_CONFLUENCE_GROUP)
  void accountInGroup(Map<String, Object> params) {
    sandbox.setUp(States.ACCOUNT_IN_CONFLUENCE_GROUP, params);
  }

  @State(States.ACCOUNT_NOT_IN_CONFLUENCE_GROUP)
  void accountNotInGroup(Map<String, Object> params) {
    sandbox.setUp(States.ACCOUNT_NOT_IN_CONFLUENCE_GROUP, params);
  }

  @State(States.NO_SUCH_ACCOUNT)
  void noSuchAccount(Map<String, Object> params) {
    sandbox.setUp(States.NO_SUCH_ACCOUNT, params);
  }

  @State(States.MALFORMED_GROUP_ID)
  void malformedGroupId(Map<String, Object> params) {
    sandbox.setUp(States.MALFORMED_GROUP_ID, params);
  }

  @State(States.CREDENTIALS_REFUSED)
  void credentialsRefused(Map<String, Object> params) {
    sandbox.setUp(States.CREDENTIALS_REFUSED, params);
  }

  @State(States.NOT_A_SITE_ADMIN)
  void notASiteAdmin(Map<String, Object> params) {
    sandbox.setUp(States.NOT_A_SITE_ADMIN, params);
  }

  @State(States.RATE_LIMITED)
  void rateLimited(Map<String, Object> params) {
    sandbox.setUp(States.RATE_LIMITED, params);
  }
}
