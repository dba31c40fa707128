package dev.membership.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Parsing of {@code Authorization} headers and constant-time comparison of secrets. Nothing here logs, and no
 * exception message carries a header's content.
 */
final class Secrets {

  private Secrets() {}

  /** The user and secret of a Basic {@code Authorization} header, or null if it is not one. */
  static byte[][] basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] == ':') {
        return new byte[][] {Arrays.copyOfRange(decoded, 0, i), Arrays.copyOfRange(decoded, i + 1, decoded.length)};
      }
    }
    return null;
  }

  /** The token of a Bearer {@code Authorization} header, or null if it is not one. */
  static byte[] bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : utf8(token);
  }

  /** Compares in time that depends only on {@code actual}'s length, never on where the two differ. */
  static boolean same(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Lower-case hex MD5 of {@code password} in UTF-8, the form Capillary's Basic authentication carries. */
  static String md5Hex(String password) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(utf8(password)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }

  /** ASCII lower case in place, so that an upper-case hex digest compares equal. */
  static byte[] asciiLowerCase(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 'A' && bytes[i] <= 'Z') {
        bytes[i] = (byte) (bytes[i] + ('a' - 'A'));
      }
    }
    return bytes;
  }
}
