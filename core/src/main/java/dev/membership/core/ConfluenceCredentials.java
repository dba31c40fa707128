package dev.membership.core;

import dev.membership.core.internal.Checks;

/**
 * Confluence Cloud credentials: Basic with an email address and an API token, or an OAuth 2.0 (3LO) access
 * token with scope {@code write:confluence-groups}. {@link #toString()} never shows the token.
 */
public final class ConfluenceCredentials {

  private final String email;
  private final String secret;

  private ConfluenceCredentials(String email, String secret) {
    this.email = email;
    this.secret = secret;
  }

  /**
   * Basic credentials from the user's email address and an API token.
   *
   * @throws InvalidInputException naming {@code email} or {@code apiToken}
   */
  public static ConfluenceCredentials basic(String email, String apiToken) {
    Checks.email("email", email);
    Checks.text("apiToken", apiToken, 4096);
    return new ConfluenceCredentials(email, apiToken);
  }

  /**
   * An OAuth 2.0 bearer access token.
   *
   * @throws InvalidInputException naming {@code accessToken}
   */
  public static ConfluenceCredentials oauth(String accessToken) {
    Checks.text("accessToken", accessToken, 8192);
    return new ConfluenceCredentials(null, accessToken);
  }

  /** Whether these are OAuth credentials (else Basic). */
  public boolean isOAuth() {
    return email == null;
  }

  /** The email address of Basic credentials, or {@code null} for OAuth. */
  public String email() {
    return email;
  }

  /** The API token (Basic) or access token (OAuth). Not shown by {@link #toString()}. */
  public String secret() {
    return secret;
  }

  @Override
  public String toString() {
    return isOAuth() ? "ConfluenceCredentials[oauth, token=<redacted>]"
        : "ConfluenceCredentials[basic, email=" + email + ", apiToken=<redacted>]";
  }
}
