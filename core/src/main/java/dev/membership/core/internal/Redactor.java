package dev.membership.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Replaces every known form of a set of secrets with {@code <redacted>}: the secret itself and the Base64 of the
 * Basic header built from it. Applied to everything a provider sends back before it reaches a log, an exception
 * or an outcome, so that a provider echoing the request cannot leak a credential.
 */
final class Redactor {

  private static final String REDACTED = "<redacted>";

  private final List<String> secrets;

  /** @param basicUser the Basic user name, or null for bearer tokens; @param secret the password form sent */
  Redactor(String basicUser, String secret) {
    List<String> all = new ArrayList<>();
    all.add(secret);
    if (basicUser != null) {
      all.add(Base64.getEncoder().encodeToString((basicUser + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
    all.removeIf(s -> s == null || s.length() < 4);
    this.secrets = List.copyOf(all);
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : secrets) {
      if (result.contains(secret)) {
        result = result.replace(secret, REDACTED);
      }
    }
    return result;
  }
}
