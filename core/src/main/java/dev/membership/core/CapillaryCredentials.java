package dev.membership.core;

import dev.membership.core.internal.Checks;
import java.util.regex.Pattern;

/**
 * Capillary credentials, one of:
 * <ul>
 *   <li>Basic: a username and the MD5 hex digest of the password, sent as
 *       {@code Authorization: Basic base64(username:md5hex(password))}; the clear password is hashed at once and
 *       never sent, and kept only so that a provider's text echoing it is redacted;</li>
 *   <li>OAuth with an API client's key and secret: the remover generates an access token from them
 *       ({@code POST /v3/oauth/token/generate} on the same host), sends it in {@code X-CAP-API-OAUTH-TOKEN}, and
 *       generates the next one shortly before it expires;</li>
 *   <li>OAuth with tokens from a {@link TokenSource} the caller supplies.</li>
 * </ul>
 * {@link #toString()} shows the username or client key only.
 */
public final class CapillaryCredentials {

  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

  private final String username;
  private final String password;
  private final String passwordMd5;
  private final String clientKey;
  private final String clientSecret;
  private final TokenSource tokenSource;

  private CapillaryCredentials(String username, String password, String passwordMd5) {
    this(username, password, passwordMd5, null, null, null);
  }

  private CapillaryCredentials(String username, String password, String passwordMd5, String clientKey,
      String clientSecret, TokenSource tokenSource) {
    this.username = username;
    this.password = password;
    this.passwordMd5 = passwordMd5;
    this.clientKey = clientKey;
    this.clientSecret = clientSecret;
    this.tokenSource = tokenSource;
  }

  /**
   * OAuth credentials of an API client: access tokens are generated from its key and secret, and again before
   * each expires.
   *
   * @throws InvalidInputException naming {@code clientKey} or {@code clientSecret} (never repeating the value)
   */
  public static CapillaryCredentials oauth(String clientKey, String clientSecret) {
    Checks.text("clientKey", clientKey);
    Checks.text("clientSecret", clientSecret, 1024);
    return new CapillaryCredentials(null, null, null, clientKey, clientSecret, null);
  }

  /**
   * OAuth credentials whose access tokens come from {@code source}.
   *
   * @throws InvalidInputException naming {@code tokenSource} if null
   */
  public static CapillaryCredentials oauth(TokenSource source) {
    Checks.required("tokenSource", source);
    return new CapillaryCredentials(null, null, null, null, null, source);
  }

  /**
   * Credentials from a username and the clear password, which is hashed to MD5 hex here.
   *
   * @throws InvalidInputException naming {@code username} or {@code password} if blank, too long or
   *     containing control characters (the message never contains the value)
   */
  public static CapillaryCredentials ofPassword(String username, String password) {
    checkUsername(username);
    Checks.text("password", password, 1024);
    return new CapillaryCredentials(username, password, md5Hex(password));
  }

  /**
   * Credentials from a username and an already hashed password (32 hex characters).
   *
   * @throws InvalidInputException naming {@code username} or {@code passwordMd5}
   */
  public static CapillaryCredentials ofPasswordMd5(String username, String passwordMd5) {
    checkUsername(username);
    Checks.required("passwordMd5", passwordMd5);
    if (!MD5_HEX.matcher(passwordMd5).matches()) {
      throw new InvalidInputException("passwordMd5", "must be 32 hexadecimal characters (an MD5 digest)");
    }
    return new CapillaryCredentials(username, null, passwordMd5.toLowerCase(java.util.Locale.ROOT));
  }

  /** The lower-case hex MD5 digest of {@code password} in UTF-8, the form Capillary expects. */
  private static String md5Hex(String password) {
    try {
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      return java.util.HexFormat.of().formatHex(md5.digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }

  private static void checkUsername(String username) {
    Checks.text("username", username);
    if (username.indexOf(':') >= 0) {
      throw new InvalidInputException("username", "must not contain ':' (Basic authentication separator)");
    }
  }

  /** Whether these are OAuth credentials (else Basic). */
  public boolean isOAuth() {
    return username == null;
  }

  /** The username of Basic credentials, or {@code null} for OAuth. */
  public String username() {
    return username;
  }

  /**
   * The clear password of credentials made with {@link #ofPassword}, else {@code null}: never sent (its MD5 is), and
   * kept so that a provider's text echoing it is redacted. Not shown by {@link #toString()}.
   */
  public String password() {
    return password;
  }

  /**
   * The MD5 hex digest of the password of Basic credentials, as sent on the wire, or {@code null}. Not shown by
   * {@link #toString()}.
   */
  public String passwordMd5() {
    return passwordMd5;
  }

  /** The API client's key of OAuth credentials made from a key and secret, else {@code null}. */
  public String clientKey() {
    return clientKey;
  }

  /** The API client's secret, or {@code null}. Not shown by {@link #toString()}. */
  public String clientSecret() {
    return clientSecret;
  }

  /** The caller's token source, or {@code null}. */
  public TokenSource tokenSource() {
    return tokenSource;
  }

  @Override
  public String toString() {
    if (username != null) {
      return "CapillaryCredentials[username=" + username + ", password=<redacted>]";
    }
    return clientKey != null ? "CapillaryCredentials[oauth, clientKey=" + clientKey + ", clientSecret=<redacted>]"
        : "CapillaryCredentials[oauth, tokenSource]";
  }
}
