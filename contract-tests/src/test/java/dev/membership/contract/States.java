package dev.membership.contract;

import java.util.Map;

/**
 * The provider states of the pacts: one sentence per state, its values in the sentence and in the params. The
 * consumer tests name them in {@code given}, the provider tests forward them to the sandbox's
 * {@code /_sandbox/provider-states}, which alone knows what each means. contract-tests/README.md lists them.
 */
final class States {

  static final long GROUP = 3962910L;
  static final long MISSING_GROUP = 777L;
  static final String MOBILE_IN_GROUP = "918095467895";
  static final String MOBILE_IN_NO_GROUP = "918000000001";
  static final String UNKNOWN_MOBILE = "918000000009";

  static final String CONFLUENCE_GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  static final String ACCOUNT_IN_GROUP = "5b10ac8d82e05b22cc7d4ef5";
  static final String ACCOUNT_IN_NO_GROUP = "712020:9a3f5e2b-1c4d-4e8f-b6a7-0d1e2f3a4b5c";
  static final String UNKNOWN_ACCOUNT = "557058:0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
  static final String MALFORMED_GROUP = "not-a-group-id";
  static final int RETRY_AFTER_SECONDS = 2;

  // Capillary
  static final String CUSTOMER_IN_GROUP = "customer with mobile " + MOBILE_IN_GROUP + " is in group " + GROUP;
  static final String CUSTOMER_NOT_IN_GROUP =
      "customer with mobile " + MOBILE_IN_NO_GROUP + " exists and is not in group " + GROUP;
  static final String NO_SUCH_CUSTOMER = "group " + GROUP + " exists and no customer has mobile " + UNKNOWN_MOBILE;
  static final String NO_SUCH_CAPILLARY_GROUP = "customer group " + MISSING_GROUP + " does not exist";
  static final String SERVER_ERROR = "every request fails with HTTP 500";

  // Confluence
  static final String ACCOUNT_IN_CONFLUENCE_GROUP = "account " + ACCOUNT_IN_GROUP + " is in group " + CONFLUENCE_GROUP;
  static final String ACCOUNT_NOT_IN_CONFLUENCE_GROUP =
      "account " + ACCOUNT_IN_NO_GROUP + " exists and is not in group " + CONFLUENCE_GROUP;
  static final String NO_SUCH_ACCOUNT = "group " + CONFLUENCE_GROUP + " exists and account " + UNKNOWN_ACCOUNT
      + " does not exist";
  static final String MALFORMED_GROUP_ID = "group id " + MALFORMED_GROUP + " is malformed";
  static final String NOT_A_SITE_ADMIN = "the caller is not a site admin";
  static final String RATE_LIMITED = "every request is rate-limited with Retry-After " + RETRY_AFTER_SECONDS;

  // Atlassian's authorisation server
  static final String REFRESH_TOKEN_VALID = "the app's refresh token is valid";
  static final String REFRESH_TOKEN_USED = "the app's refresh token was used already";

  // Both
  static final String CREDENTIALS_REFUSED = "the caller's credentials are not accepted";

  /**
   * Params of the states whose interactions carry credentials in a token request's body or in the token header:
   * the API client and the access token issued to it, the app and its refresh token. Never in a sentence, which
   * verifiers print: the sandbox registers them besides its defaults, so those requests go out as the pact holds
   * them.
   */
  static final Map<String, Object> CAPILLARY_CLIENT = Map.of("clientKey", Contract.FAKE_CAPILLARY_CLIENT_KEY,
      "clientSecret", Contract.FAKE_CAPILLARY_CLIENT_SECRET, "accessToken", Contract.FAKE_ACCESS_TOKEN);
  static final Map<String, Object> ATLASSIAN_APP = Map.of("clientId", Contract.FAKE_OAUTH_CLIENT_ID,
      "clientSecret", Contract.FAKE_OAUTH_CLIENT_SECRET, "refreshToken", Contract.FAKE_REFRESH_TOKEN);

  private States() {}
}
