package dev.membership.core;

import dev.membership.core.internal.Checks;
import java.util.regex.Pattern;

/**
 * Capillary Basic credentials: a username and the MD5 hex digest of the password, sent as
 * {@code Authorization: Basic base64(username:md5hex(password))}. The clear password is hashed at once and never
 * kept; {@link #toString()} shows the username only.
 */
public final class CapillaryCredentials {

  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

  private final String username;
  private final String passwordMd5;

  private CapillaryCredentials(String username, String passwordMd5) {
    this.username = username;
    this.passwordMd5 = passwordMd5;
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
    return new CapillaryCredentials(username, md5Hex(password));
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
    return new CapillaryCredentials(username, passwordMd5.toLowerCase(java.util.Locale.ROOT));
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

  /** The username. */
  public String username() {
    return username;
  }

  /** The MD5 hex digest of the password, as sent on the wire. Not shown by {@link #toString()}. */
  public String passwordMd5() {
    return passwordMd5;
  }

  @Override
  public String toString() {
    return "CapillaryCredentials[username=" + username + ", password=<redacted>]";
  }
}
