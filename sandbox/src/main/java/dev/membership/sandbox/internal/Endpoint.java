package dev.membership.sandbox.internal;

import io.vertx.core.http.HttpServerRequest;

/** One provider's endpoint: the real operation, and the provider's shape of an injected or rate-limit refusal. */
interface Endpoint {

  Provider provider();

  /** Serves the request against the current state. */
  void serve(HttpServerRequest request, World world);

  /** Answers an injected 500, 502 or 503. */
  void serverError(HttpServerRequest request, int status);

  /** Answers an injected 429 with {@code Retry-After}. */
  void injectedTooManyRequests(HttpServerRequest request, int retryAfterSeconds);

  /** Answers a 429 of the rate limiter. */
  void rateLimited(HttpServerRequest request, RateLimiter.Refusal refusal);
}
