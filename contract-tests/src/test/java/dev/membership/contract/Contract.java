package dev.membership.contract;

import dev.membership.core.CapillaryCredentials;
import dev.membership.sandbox.SandboxCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Names, example values and credentials every check of this module shares. */
final class Contract {

  /** The consumer: {@code core}'s removers, through the generated clients. */
  static final String CONSUMER = "membership-core";
  static final String CAPILLARY = "capillary";
  static final String CONFLUENCE = "confluence";

  /** Where the consumer tests write pacts (set by the POM) and where the other checks read them. */
  static final Path PACT_DIR = Path.of(System.getProperty("pact.rootDir", "target/pacts"));
  static final Path SPECS_DIR = Path.of(System.getProperty("specs.dir", "../specs"));

  static final Path CAPILLARY_PACT = PACT_DIR.resolve(CONSUMER + "-" + CAPILLARY + ".json");
  static final Path CONFLUENCE_PACT = PACT_DIR.resolve(CONSUMER + "-" + CONFLUENCE + ".json");
  /** Atlassian's authorisation server: another host than Confluence's, so another provider. */
  static final String ATLASSIAN_AUTH = "atlassian-auth";
  static final Path ATLASSIAN_AUTH_PACT = PACT_DIR.resolve(CONSUMER + "-" + ATLASSIAN_AUTH + ".json");
  static final Path CAPILLARY_SPEC = SPECS_DIR.resolve("capillary-leave-group.yaml");
  static final Path CONFLUENCE_SPEC = SPECS_DIR.resolve("confluence-remove-group-member.yaml");
  static final Path CAPILLARY_TOKEN_SPEC = SPECS_DIR.resolve("capillary-oauth-token.yaml");
  static final Path ATLASSIAN_TOKEN_SPEC = SPECS_DIR.resolve("atlassian-oauth-token.yaml");

  /**
   * Credentials of the consumer tests: obviously fake. The pacts match {@code Authorization} by pattern, so a
   * verifier may send the sandbox's default credential instead ({@link VerifiedSandbox#authorization}); the API
   * client, access token and app of the token requests and the token header are sent as the pacts hold them, and
   * the provider states, which get them as params ({@link States#CAPILLARY_CLIENT},
   * {@link States#ATLASSIAN_APP}), make the sandbox accept them.
   */
  static final String FAKE_CAPILLARY_USER = "contract-test-user";
  static final String FAKE_CAPILLARY_PASSWORD = "not-a-real-password";
  static final CapillaryCredentials FAKE_CAPILLARY =
      CapillaryCredentials.ofPassword(FAKE_CAPILLARY_USER, FAKE_CAPILLARY_PASSWORD);
  static final String FAKE_CONFLUENCE_EMAIL = "contract-test@example.invalid";
  static final String FAKE_CONFLUENCE_TOKEN = "not-a-real-api-token";

  static final String FAKE_CAPILLARY_CLIENT_KEY = "contract-test-client-key";
  static final String FAKE_CAPILLARY_CLIENT_SECRET = "not-a-real-client-secret";
  static final String FAKE_ACCESS_TOKEN = "not-a-real-access-token";
  static final String FAKE_OAUTH_CLIENT_ID = "contract-test-oauth-client";
  static final String FAKE_OAUTH_CLIENT_SECRET = "not-a-real-oauth-secret";
  static final String FAKE_REFRESH_TOKEN = "not-a-real-refresh-token";
  static final String FAKE_ROTATED_REFRESH_TOKEN = "not-a-real-rotated-refresh-token";
  static final String CAPILLARY_TOKEN_HEADER = "X-CAP-API-OAUTH-TOKEN";

  static final String BASIC_AUTHORIZATION = "^Basic [A-Za-z0-9+/=]+$";
  static final String BASIC_OR_BEARER_AUTHORIZATION = "^(Basic [A-Za-z0-9+/=]+|Bearer .+)$";

  private Contract() {}

  /** The sandbox's default Capillary credential. */
  static String sandboxCapillaryAuthorization() {
    return basic(CapillaryCredentials.ofPassword(SandboxCredentials.CAPILLARY_USERNAME,
        SandboxCredentials.CAPILLARY_PASSWORD));
  }

  /** The sandbox's default Confluence site admin. */
  static String sandboxConfluenceAuthorization() {
    return basic(SandboxCredentials.CONFLUENCE_EMAIL, SandboxCredentials.CONFLUENCE_API_TOKEN);
  }

  static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The Basic header value Capillary gets for {@code credentials}: the user and the password's MD5. */
  static String basic(CapillaryCredentials credentials) {
    return basic(credentials.username(), credentials.passwordMd5());
  }
}
