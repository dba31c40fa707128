package dev.membership.core.internal;

import dev.membership.core.InvalidInputException;
import java.util.regex.Pattern;

/** Input checks shared by memberships, credentials and configuration. Not part of the public API. */
public final class Checks {

  /** Longest value accepted in any field sent to a provider. */
  public static final int MAX_VALUE_LENGTH = 256;

  private static final Pattern MOBILE = Pattern.compile("\\+?[0-9]{6,15}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

  private Checks() {}

  /**
   * Returns {@code value} if it is present, not blank, at most {@code maxLength} characters and free of control
   * characters; otherwise throws naming {@code field}.
   */
  public static String text(String field, String value, int maxLength) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    if (value.isBlank()) {
      throw new InvalidInputException(field, "must not be blank");
    }
    if (value.length() > maxLength) {
      throw new InvalidInputException(field, "must be at most " + maxLength + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new InvalidInputException(field,
            "must not contain control characters (found U+" + String.format("%04X", (int) c) + " at index " + i + ")");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++; // a character outside the Basic Multilingual Plane, whole
      } else if (Character.isSurrogate(c)) {
        throw new InvalidInputException(field, "is not valid Unicode text (half a character at index " + i + ")");
      }
    }
    if (!value.equals(value.strip())) {
      throw new InvalidInputException(field, "must not start or end with white space");
    }
    return value;
  }

  /** {@link #text(String, String, int)} with {@link #MAX_VALUE_LENGTH}. */
  public static String text(String field, String value) {
    return text(field, value, MAX_VALUE_LENGTH);
  }

  /** Checks a mobile number: 6 to 15 digits with an optional leading {@code +}. */
  public static String mobile(String field, String value) {
    text(field, value);
    if (!MOBILE.matcher(value).matches()) {
      throw new InvalidInputException(field, "is not a mobile number (6 to 15 digits, optional leading +)");
    }
    return value;
  }

  /** Checks an email address: one {@code @}, a dotted domain, no white space, at most 254 characters. */
  public static String email(String field, String value) {
    text(field, value, 254);
    if (!EMAIL.matcher(value).matches()) {
      throw new InvalidInputException(field, "is not an email address");
    }
    return value;
  }

  /** Throws naming {@code field} if {@code value} is null. */
  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidInputException(field, "is required");
    }
    return value;
  }
}
