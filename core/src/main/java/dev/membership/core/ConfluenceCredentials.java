package dev.membership.core;

import dev.membership.core.internal.Checks;
import java.util.function.Consumer;

/**
 * Confluence Cloud credentials, one of:
 * <ul>
 *   <li>Basic: an email address and an API token;</li>
 *   <li>OAuth 2.0 (3LO), scope {@code write:confluence-groups}: a fixed access token; or an app's client id and
 *       secret with a refresh token (scope {@code offline_access} too), from which the remover gets access tokens
 *       and the next one before each expires; or tokens from a {@link TokenSource} the caller supplies. OAuth
 *       tokens work only through Atlassian's gateway: see {@link ConfluenceConfig.Builder#cloudId(String)}.</li>
 * </ul>
 * {@link #toString()} never shows a token or secret.
 */
public final class ConfluenceCredentials {

  private final String email;
  private final String secret;
  private final String clientId;
  private final String refreshToken;
  private final Consumer<String> onRefreshTokenRotated;
  private final TokenSource tokenSource;

  private ConfluenceCredentials(String email, String secret) {
    this(email, secret, null, null, null, null);
  }

  private ConfluenceCredentials(String email, String secret, String clientId, String refreshToken,
      Consumer<String> onRefreshTokenRotated, TokenSource tokenSource) {
    this.email = email;
    this.secret = secret;
    this.clientId = clientId;
    this.refreshToken = refreshToken;
    this.onRefreshTokenRotated = onRefreshTokenRotated;
    this.tokenSource = tokenSource;
  }

  /**
   * OAuth 2.0 credentials of an app that refresh their own access tokens ({@code POST /oauth/token} with
   * {@code grant_type=refresh_token}). Atlassian rotates refresh tokens: each refresh disables the one it used and
   * answers a new one, which the remover uses from then on and hands to {@code onRefreshTokenRotated} (on an event
   * loop, so it must not block for long) for the caller to keep: a process that starts again needs the latest.
   *
   * @throws InvalidInputException naming {@code clientId}, {@code clientSecret}, {@code refreshToken} or
   *     {@code onRefreshTokenRotated} (never repeating the value)
   */
  public static ConfluenceCredentials oauth(String clientId, String clientSecret, String refreshToken,
      Consumer<String> onRefreshTokenRotated) {
    Checks.text("clientId", clientId);
    Checks.text("clientSecret", clientSecret, 1024);
    Checks.text("refreshToken", refreshToken, 8192);
    Checks.required("onRefreshTokenRotated", onRefreshTokenRotated);
    return new ConfluenceCredentials(null, clientSecret, clientId, refreshToken, onRefreshTokenRotated, null);
  }

  /**
   * OAuth 2.0 credentials whose access tokens come from {@code source}.
   *
   * @throws InvalidInputException naming {@code tokenSource} if null
   */
  public static ConfluenceCredentials oauth(TokenSource source) {
    Checks.required("tokenSource", source);
    return new ConfluenceCredentials(null, null, null, null, null, source);
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
   * A fixed OAuth 2.0 bearer access token: a refusal of it (401) is final.
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

  /**
   * The API token (Basic), the fixed access token, or the app's client secret (refreshing OAuth); {@code null}
   * with a token source. Not shown by {@link #toString()}.
   */
  public String secret() {
    return secret;
  }

  /** The app's client id of refreshing OAuth credentials, else {@code null}. */
  public String clientId() {
    return clientId;
  }

  /** The first refresh token of refreshing OAuth credentials, else {@code null}. Not shown by {@link #toString()}. */
  public String refreshToken() {
    return refreshToken;
  }

  /** Where each rotated refresh token goes, for refreshing OAuth credentials, else {@code null}. */
  public Consumer<String> onRefreshTokenRotated() {
    return onRefreshTokenRotated;
  }

  /** The caller's token source, or {@code null}. */
  public TokenSource tokenSource() {
    return tokenSource;
  }

  @Override
  public String toString() {
    if (!isOAuth()) {
      return "ConfluenceCredentials[basic, email=" + email + ", apiToken=<redacted>]";
    }
    if (clientId != null) {
      return "ConfluenceCredentials[oauth, clientId=" + clientId + ", clientSecret=<redacted>, "
          + "refreshToken=<redacted>]";
    }
    return tokenSource != null ? "ConfluenceCredentials[oauth, tokenSource]"
        : "ConfluenceCredentials[oauth, token=<redacted>]";
  }
}
