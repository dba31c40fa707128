package dev.membership.core;

import dev.membership.core.internal.Checks;
import java.util.function.Consumer;

/**
 * Confluence Cloud credentials, one of two cases:
 * <ul>
 *   <li>{@link Basic}: an email address and an API token ({@link #basic});</li>
 *   <li>{@link OAuth}: OAuth 2.0 (3LO), scope {@code write:confluence-groups}: a fixed access token; or an app's
 *       client id and secret with a refresh token (scope {@code offline_access} too), from which the remover gets
 *       access tokens and the next one before each expires; or tokens from a {@link TokenSource} the caller
 *       supplies ({@link #oauth}). OAuth tokens work only through Atlassian's gateway: see
 *       {@link ConfluenceConfig.Builder#cloudId(String)}.</li>
 * </ul>
 * The {@code toString()} of neither case shows a token or secret.
 */
public sealed interface ConfluenceCredentials permits ConfluenceCredentials.Basic, ConfluenceCredentials.OAuth {

  /**
   * Basic credentials from the user's email address and an API token.
   *
   * @throws InvalidInputException naming {@code email} or {@code apiToken}
   */
  static Basic basic(String email, String apiToken) {
    return new Basic(email, apiToken);
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
  static OAuth oauth(String clientId, String clientSecret, String refreshToken,
      Consumer<String> onRefreshTokenRotated) {
    Checks.text("clientId", clientId);
    Checks.text("clientSecret", clientSecret, 1024);
    Checks.text("refreshToken", refreshToken, 8192);
    Checks.required("onRefreshTokenRotated", onRefreshTokenRotated);
    return new OAuth(null, clientId, clientSecret, refreshToken, onRefreshTokenRotated, null);
  }

  /**
   * OAuth 2.0 credentials whose access tokens come from {@code source}.
   *
   * @throws InvalidInputException naming {@code tokenSource} if null
   */
  static OAuth oauth(TokenSource source) {
    Checks.required("tokenSource", source);
    return new OAuth(null, null, null, null, null, source);
  }

  /**
   * A fixed OAuth 2.0 bearer access token: a refusal of it (401) is final.
   *
   * @throws InvalidInputException naming {@code accessToken}
   */
  static OAuth oauth(String accessToken) {
    Checks.text("accessToken", accessToken, 8192);
    return new OAuth(accessToken, null, null, null, null, null);
  }

  /**
   * An email address and an API token, sent as HTTP Basic. {@link #toString()} shows the email only.
   *
   * @param email the Atlassian account's email address
   * @param apiToken the API token; never shown
   */
  record Basic(String email, String apiToken) implements ConfluenceCredentials {
    /** @throws InvalidInputException naming {@code email} or {@code apiToken} */
    public Basic {
      Checks.email("email", email);
      Checks.text("apiToken", apiToken, 4096);
    }

    @Override
    public String toString() {
      return "ConfluenceCredentials.Basic[email=" + email + ", apiToken=<redacted>]";
    }
  }

  /**
   * OAuth 2.0 credentials: exactly one of a fixed {@link #accessToken()}, an app's {@link #clientId()} with its
   * secret and refresh token, or a {@link #tokenSource()}; the accessors of the other forms return {@code null}.
   * Build with {@link ConfluenceCredentials#oauth}.
   */
  final class OAuth implements ConfluenceCredentials {
    private final String accessToken;
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Consumer<String> onRefreshTokenRotated;
    private final TokenSource tokenSource;

    private OAuth(String accessToken, String clientId, String clientSecret, String refreshToken,
        Consumer<String> onRefreshTokenRotated, TokenSource tokenSource) {
      this.accessToken = accessToken;
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.refreshToken = refreshToken;
      this.onRefreshTokenRotated = onRefreshTokenRotated;
      this.tokenSource = tokenSource;
    }

    /** The fixed access token, or {@code null}. Not shown by {@link #toString()}. */
    public String accessToken() {
      return accessToken;
    }

    /** The app's client id of refreshing credentials, or {@code null}. */
    public String clientId() {
      return clientId;
    }

    /** The app's client secret of refreshing credentials, or {@code null}. Not shown by {@link #toString()}. */
    public String clientSecret() {
      return clientSecret;
    }

    /** The first refresh token of refreshing credentials, or {@code null}. Not shown by {@link #toString()}. */
    public String refreshToken() {
      return refreshToken;
    }

    /** Where each rotated refresh token goes, for refreshing credentials, or {@code null}. */
    public Consumer<String> onRefreshTokenRotated() {
      return onRefreshTokenRotated;
    }

    /** The caller's token source, or {@code null}. */
    public TokenSource tokenSource() {
      return tokenSource;
    }

    @Override
    public String toString() {
      if (clientId != null) {
        return "ConfluenceCredentials.OAuth[clientId=" + clientId + ", clientSecret=<redacted>, "
            + "refreshToken=<redacted>]";
      }
      return tokenSource != null ? "ConfluenceCredentials.OAuth[tokenSource]"
          : "ConfluenceCredentials.OAuth[accessToken=<redacted>]";
    }
  }
}
