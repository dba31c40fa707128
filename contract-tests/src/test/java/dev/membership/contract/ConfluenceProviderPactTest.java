package dev.membership.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import java.util.Map;

/**
 * Verifies the Confluence pact against an embedded sandbox, sending the sandbox's default site admin instead of
 * the pact's fake credential (the pact matches that header by pattern); the states decide what that admin may do.
 */
@Provider(Contract.CONFLUENCE)
class ConfluenceProviderPactTest extends SandboxVerification {

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
