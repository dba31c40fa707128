package dev.membership.cli;

/** Text cut to a length for a report or a message, never in the middle of a character. */
final class Text {

  private Text() {}

  /**
   * {@code text} cut to at most {@code max} characters plus "…" if it was longer, never between the two halves of a
   * surrogate pair; a lone surrogate (which no UTF-8 writer accepts) becomes U+FFFD.
   */
  static String cut(String text, int max) {
    if (text == null) {
      return null;
    }
    boolean longer = text.length() > max;
    int end = longer ? max : text.length();
    if (longer && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 1);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return longer ? out.append('…').toString() : out.toString();
  }
}
