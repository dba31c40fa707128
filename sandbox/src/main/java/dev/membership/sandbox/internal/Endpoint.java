package dev.membership.sandbox.internal;

import io.vertx.core.http.HttpServerRequest;

/**
 * One provider's endpoint: the real operation, the provider's shape of an injected or rate-limit refusal, and what
 * it announces of a quota.
 */
interface Endpoint {

  Provider provider();

  /** Serves the request against the current state. */
  void serve(HttpServerRequest request, World world);

  /** Answers an injected 500, 502 or 503. */
  void serverError(HttpServerRequest request, int status);

  /** Answers an injected 429 with {@code Retry-After}. */
  void injectedTooManyRequests(HttpServerRequest request, int retryAfterSeconds);

  /**
   * Puts the headers that announce where the caller's quota stands on the response, before it is served or
   * refused; called for every request the limiter saw while a quota is set.
   */
  void announceQuota(HttpServerRequest request, RateLimiter.Quota quota);

  /** Answers a 429 of the rate limiter with {@code Retry-After} (after {@link #announceQuota}, if a quota is set). */
  void rateLimited(HttpServerRequest request, RateLimiter.Verdict verdict);
}
