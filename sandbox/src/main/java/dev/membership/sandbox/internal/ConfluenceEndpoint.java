package dev.membership.sandbox.internal;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Confluence's {@code DELETE /wiki/rest/api/group/userByGroupId}, also under the OAuth gateway prefix
 * {@code /ex/confluence/{cloudId}}. Every answer has an empty body and {@code Content-Type: text/plain}, as in
 * Atlassian's Postman collection. Checks run in this order: method (405), credentials (401), site admin (403),
 * parameters, or a group id the state calls malformed (400), group and account (404); then 204, whether or not the account was a member.
 */
final class ConfluenceEndpoint implements Endpoint {

  static final String PATH = "/wiki/rest/api/group/userByGroupId";
  static final String GATEWAY_PREFIX = "/ex/confluence/";

  private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain");
  private static final CharSequence DELETE = HttpHeaders.createOptimized("DELETE");
  private static final CharSequence ZERO = HttpHeaders.createOptimized("0");

  private final Counters counters;

  ConfluenceEndpoint(Counters counters) {
    this.counters = counters;
  }

  /** Whether {@code path} is this endpoint's, directly or behind {@code /ex/confluence/{cloudId}}. */
  static boolean matches(String path) {
    if (path.equals(PATH)) {
      return true;
    }
    if (!path.startsWith(GATEWAY_PREFIX) || !path.endsWith(PATH)) {
      return false;
    }
    int cloudIdEnd = path.length() - PATH.length();
    return cloudIdEnd > GATEWAY_PREFIX.length() && path.indexOf('/', GATEWAY_PREFIX.length()) == cloudIdEnd;
  }

  @Override
  public Provider provider() {
    return Provider.CONFLUENCE;
  }

  @Override
  public void serve(HttpServerRequest request, World world) {
    if (request.method() != HttpMethod.DELETE) {
      request.response().putHeader(HttpHeaders.ALLOW, DELETE);
      send(request, 405);
      return;
    }
    ConfluenceState state = world.confluence();
    switch (state.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION))) {
      case NOBODY -> {
        send(request, 401);
        return;
      }
      case USER -> {
        send(request, 403);
        return;
      }
      case SITE_ADMIN -> {
        // allowed
      }
    }
    MultiMap params = request.params();
    String groupId = params.get("groupId");
    String accountId = params.get("accountId");
    if (groupId == null || groupId.isBlank() || accountId == null || accountId.isBlank()
        || state.isMalformedGroupId(groupId)) {
      send(request, 400);
      return;
    }
    switch (state.remove(groupId, accountId)) {
      case REMOVED_OR_NOT_A_MEMBER -> send(request, 204);
      case NO_SUCH_GROUP, NO_SUCH_ACCOUNT -> send(request, 404);
    }
  }

  @Override
  public void serverError(HttpServerRequest request, int status) {
    send(request, status);
  }

  @Override
  public void injectedTooManyRequests(HttpServerRequest request, int retryAfterSeconds) {
    request.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    send(request, 429);
  }

  @Override
  public void rateLimited(HttpServerRequest request, RateLimiter.Refusal refusal) {
    request.response()
        .putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(refusal.retryAfterSeconds()))
        .putHeader("X-RateLimit-Limit", Integer.toString(refusal.limit()))
        .putHeader("X-RateLimit-Remaining", ZERO)
        .putHeader("X-RateLimit-Reset",
            Instant.ofEpochMilli(refusal.resetEpochMillis()).truncatedTo(ChronoUnit.SECONDS).toString());
    send(request, 429);
  }

  private void send(HttpServerRequest request, int status) {
    counters.answered(Provider.CONFLUENCE, status);
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end();
  }
}
