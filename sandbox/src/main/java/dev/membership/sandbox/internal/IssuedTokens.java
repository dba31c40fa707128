package dev.membership.sandbox.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens one token endpoint issued: each valid for the lifetime set when it was issued, until it
 * expires or every token is revoked. Tokens are random, so looking one up by value reveals nothing of another.
 */
final class IssuedTokens {

  /** The lifetime of a token unless a seed or the admin API sets one: Atlassian's hour. */
  static final int DEFAULT_LIFETIME_SECONDS = 3600;

  /** What an issued token stands for: until when, and whether its caller is a site admin (Confluence). */
  record Issued(long expiresAtNanos, boolean siteAdmin) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConcurrentHashMap<String, Issued> tokens = new ConcurrentHashMap<>();
  private final String prefix;
  private volatile int lifetimeSeconds = DEFAULT_LIFETIME_SECONDS;

  /** @param prefix what every token starts with, so that a reader of a log can tell what it is */
  IssuedTokens(String prefix) {
    this.prefix = prefix;
  }

  int lifetimeSeconds() {
    return lifetimeSeconds;
  }

  void lifetimeSeconds(int seconds) {
    if (seconds < 1 || seconds > 86_400) {
      throw new IllegalArgumentException("tokenLifetimeSeconds must be from 1 to 86400");
    }
    this.lifetimeSeconds = seconds;
  }

  /** A new token, valid for the current lifetime from now. */
  String issue(boolean siteAdmin) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    issue(token, siteAdmin);
    return token;
  }

  /**
   * Issues {@code token} itself, valid for the current lifetime from now: a token a seed says was issued
   * already, so that a request carrying it (a pact's example, say) is accepted like one the endpoint handed out.
   */
  void issue(String token, boolean siteAdmin) {
    long now = System.nanoTime();
    if (tokens.size() > 10_000) {
      tokens.values().removeIf(issued -> issued.expiresAtNanos - now <= 0);
    }
    tokens.put(token, new Issued(now + lifetimeSeconds * 1_000_000_000L, siteAdmin));
  }

  /** What {@code token} stands for if it was issued, has not expired and was not revoked; else null. */
  Issued valid(String token) {
    if (token == null) {
      return null;
    }
    Issued issued = tokens.get(token);
    if (issued == null) {
      return null;
    }
    if (issued.expiresAtNanos - System.nanoTime() <= 0) {
      tokens.remove(token, issued);
      return null;
    }
    return issued;
  }

  /** Every token issued so far stops working. */
  void revokeAll() {
    tokens.clear();
  }
}
