package dev.membership.contract;

import dev.membership.core.CapillaryCredentials;
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
  static final Path CAPILLARY_SPEC = SPECS_DIR.resolve("capillary-leave-group.yaml");
  static final Path CONFLUENCE_SPEC = SPECS_DIR.resolve("confluence-remove-group-member.yaml");

  /**
   * Credentials of the consumer tests: obviously fake, never accepted anywhere. The pacts match the header by
   * pattern only, so these values are examples, and the provider verification sends the sandbox's own.
   */
  static final String FAKE_CAPILLARY_USER = "contract-test-user";
  static final String FAKE_CAPILLARY_PASSWORD = "not-a-real-password";
  static final CapillaryCredentials FAKE_CAPILLARY =
      CapillaryCredentials.ofPassword(FAKE_CAPILLARY_USER, FAKE_CAPILLARY_PASSWORD);
  static final String FAKE_CONFLUENCE_EMAIL = "contract-test@example.invalid";
  static final String FAKE_CONFLUENCE_TOKEN = "not-a-real-api-token";

  static final String BASIC_AUTHORIZATION = "^Basic [A-Za-z0-9+/=]+$";
  static final String BASIC_OR_BEARER_AUTHORIZATION = "^(Basic [A-Za-z0-9+/=]+|Bearer .+)$";

  private Contract() {}

  /** The sandbox's default Capillary credential, as the provider verification sends it. */
  static String sandboxCapillaryAuthorization() {
    return basic(CapillaryCredentials.ofPassword("sandbox_user", "sandbox-password"));
  }

  /** The sandbox's default Confluence site admin, as the provider verification sends it. */
  static String sandboxConfluenceAuthorization() {
    return basic("admin@sandbox.test", "sandbox-admin-token");
  }

  static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The Basic header value Capillary gets for {@code credentials}: the user and the password's MD5. */
  static String basic(CapillaryCredentials credentials) {
    return basic(credentials.username(), credentials.passwordMd5());
  }
}
