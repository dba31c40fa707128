package dev.membership.capillary.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Capillary's Basic authentication sends {@code username:md5hex(password)}, not the password itself.
 */
public final class CapillaryPasswords {

  private CapillaryPasswords() {}

  /**
   * Returns the lower-case hex MD5 digest of {@code password} in UTF-8, the form Capillary expects.
   *
   * @param password the clear password; never logged
   * @return 32 lower-case hex characters
   */
  public static String md5Hex(String password) {
    Objects.requireNonNull(password, "password == null");
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
