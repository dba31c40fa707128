package dev.membership.core.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one redaction point for text from the network: replaces every form of the credentials a call sends with
 * {@code <redacted>} before the text is stored in an outcome, an exception or a log line.
 *
 * <p>The credentials: those configured, and each access or refresh token {@linkplain #learn learned} as it
 * arrives, before it is sent anywhere. The forms: each configured secret in every form the toolkit holds or derives
 * of it (an API token, a bearer token, a client secret; Capillary's clear password and its md5 hex in either case),
 * the Basic value built from each (also without padding, and in the URL-safe alphabet), and each of those
 * percent-encoded (as a query or a form would carry it) and JSON-escaped (as a body echoing it would); matched
 * case-insensitively, since a server or a library may change the case (Netty upper-cases a bad status line).
 * Exceptions are redacted through their whole cause chain, messages and {@code toString()} alike.
 *
 * <p>A provider call applies it where it reads text from the generated client's result: the messages of a
 * decoded body as it reads them, before they are trimmed ({@link #redactKept}); an unexpected body and the cause
 * chain of any failure in {@code ProviderCall.handler}. What a decoder says about a body is never kept at all.
 */
final class Redactor {

  static final String REDACTED = "<redacted>";
  /** Shorter forms would match ordinary text; the toolkit's credentials are far longer. */
  private static final int SHORTEST = 4;

  /**
   * How many learned secrets (access and refresh tokens) are kept: the current ones and those of the many renewals
   * before them (sixteen hours of Atlassian's, which learn two an hour).
   */
  static final int LEARNED = 32;

  private final List<String> fixed;
  /** The tokens learned so far, oldest first, at most {@link #LEARNED}; under this object's lock. */
  private final java.util.ArrayDeque<String> learned = new java.util.ArrayDeque<>();
  private volatile Pattern forms;
  private volatile int longest;

  /**
   * @param basicUser the Basic user name, or null for bearer tokens
   * @param secrets the configured secrets, never forgotten, each in every form the toolkit holds of it (the token,
   *     a first refresh token; a password as sent and as configured); with {@code basicUser}, each is also redacted
   *     as the Basic value built from it. Nulls are left out.
   */
  Redactor(String basicUser, String... secrets) {
    List<String> sent = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null) {
        continue;
      }
      sent.add(secret);
      if (basicUser != null) {
        byte[] basic = (basicUser + ":" + secret).getBytes(StandardCharsets.UTF_8);
        sent.add(Base64.getEncoder().encodeToString(basic));
        sent.add(Base64.getEncoder().withoutPadding().encodeToString(basic));
        sent.add(Base64.getUrlEncoder().encodeToString(basic));
        sent.add(Base64.getUrlEncoder().withoutPadding().encodeToString(basic));
      }
    }
    this.fixed = sent;
    compile();
  }

  /**
   * Adds {@code secret} (an access token just received, a rotated refresh token) to what is redacted, before it
   * is sent anywhere; the oldest learned one is forgotten beyond {@link #LEARNED}.
   */
  synchronized void learn(String secret) {
    if (secret == null || learned.contains(secret)) {
      return;
    }
    learned.addLast(secret);
    while (learned.size() > LEARNED) {
      learned.removeFirst();
    }
    compile();
  }

  private synchronized void compile() {
    List<String> sent = new ArrayList<>(fixed);
    sent.addAll(learned);
    Set<String> all = new LinkedHashSet<>();
    for (String form : sent) {
      if (form == null || form.length() < SHORTEST) {
        continue;
      }
      // Matching ignores case, but a non-ASCII letter encodes differently in upper and lower case.
      for (String cased : List.of(form, form.toUpperCase(Locale.ROOT), form.toLowerCase(Locale.ROOT))) {
        all.add(cased);
        all.add(URLEncoder.encode(cased, StandardCharsets.UTF_8));
        all.add(URLEncoder.encode(cased, StandardCharsets.UTF_8).replace("+", "%20"));
        all.add(jsonEscaped(cased, false));
        all.add(jsonEscaped(cased, true));
      }
    }
    this.longest = all.stream().mapToInt(String::length).max().orElse(0);
    // Longest first, so that a form containing another is replaced whole.
    this.forms = all.isEmpty() ? null : Pattern.compile(all.stream()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .map(Pattern::quote).collect(Collectors.joining("|")), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** How much of a provider's text an outcome or exception keeps ({@code ProviderMessage}, unexpected bodies). */
  static final int KEPT = 500;

  /**
   * {@code text} redacted for keeping its first {@link #KEPT} characters: cut first to that plus the longest form
   * (no credential is cut in two where the text will be cut, and a huge body is not scanned whole), then redacted.
   */
  String redactKept(String text) {
    if (text == null || forms == null) {
      return text;
    }
    int keep = KEPT + longest + 1;
    return redact(text.length() > keep ? text.substring(0, keep) : text);
  }

  /** {@code text} with every credential form replaced; null stays null. */
  String redact(String text) {
    Pattern current = forms;
    if (text == null || text.isEmpty() || current == null) {
      return text;
    }
    Matcher matcher = current.matcher(text);
    return matcher.find() ? matcher.replaceAll(Matcher.quoteReplacement(REDACTED)) : text;
  }

  /**
   * {@code failure} if no message or description in its cause chain holds a credential form, else a copy of the
   * chain whose every link is a {@link RedactedException} naming the original class, with the original stack.
   */
  Throwable redact(Throwable failure) {
    if (failure == null || forms == null || clean(failure)) {
      return failure;
    }
    return copy(failure, 0);
  }

  private boolean clean(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      String text = t.toString();
      if (!redact(text).equals(text)) {
        return false;
      }
    }
    return true;
  }

  private RedactedException copy(Throwable original, int depth) {
    RedactedException copy = new RedactedException(original.getClass().getName(),
        redact(String.valueOf(original.getMessage())),
        original.getCause() == null || depth >= 32 ? null : copy(original.getCause(), depth + 1));
    copy.setStackTrace(original.getStackTrace());
    return copy;
  }

  /** JSON string content of {@code text}: quotes, backslashes and control characters escaped. */
  private static String jsonEscaped(String text, boolean escapeAllNonAscii) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append(escapeAllNonAscii ? "\\/" : "/");
        default -> {
          if (c < 0x20 || (escapeAllNonAscii && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A link of a failure chain whose text held a credential: the original class and its redacted message. */
  static final class RedactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The class name of the failure this link stands for. */
    final String originalClass;

    RedactedException(String originalClass, String message, Throwable cause) {
      super(originalClass + ": " + message, cause);
      this.originalClass = originalClass;
    }
  }
}
