package dev.membership.sandbox.internal;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.math.BigDecimal;
import java.time.Instant;

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
  private static final CharSequence TRUE = HttpHeaders.createOptimized("true");
  private static final CharSequence QUOTA_REASON = HttpHeaders.createOptimized("confluence-quota-tenant-based");
  private static final String POLICY = "\"global-app-quota\"";

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
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    ConfluenceState.Caller caller = state.authenticate(authorization);
    if (caller == ConfluenceState.Caller.NOBODY && request.path().startsWith(GATEWAY_PREFIX)) {
      caller = state.authenticateIssued(authorization);
    }
    switch (caller) {
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

  /**
   * Atlassian's quota headers: {@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} (the window's end,
   * ISO 8601 with milliseconds unless they are zero), {@code X-RateLimit-NearLimit: true} below 20 % left, and the
   * beta {@code Beta-RateLimit-Policy} and {@code Beta-RateLimit} of the {@code "global-app-quota"} policy.
   */
  @Override
  public void announceQuota(HttpServerRequest request, RateLimiter.Quota quota) {
    MultiMap headers = request.response().headers();
    headers.set("X-RateLimit-Limit", Integer.toString(quota.points()))
        .set("X-RateLimit-Remaining", Integer.toString(quota.remaining()))
        .set("X-RateLimit-Reset", Instant.ofEpochMilli(quota.resetEpochMillis()).toString());
    if (quota.nearLimit()) {
      headers.set("X-RateLimit-NearLimit", TRUE);
    }
    headers.set("Beta-RateLimit-Policy", POLICY + ";q=" + quota.points() + ";w=" + seconds(quota.windowMillis()))
        .set("Beta-RateLimit", POLICY + ";r=" + quota.remaining() + ";t=" + quota.secondsToReset());
  }

  /**
   * A 429 with {@code Retry-After} only, as for an unannounced limit; a refusal by the quota adds
   * {@code RateLimit-Reason: confluence-quota-tenant-based} to the headers {@link #announceQuota} put.
   */
  @Override
  public void rateLimited(HttpServerRequest request, RateLimiter.Verdict verdict) {
    request.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(verdict.retryAfterSeconds()));
    if (verdict.refusedByQuota()) {
      request.response().putHeader("RateLimit-Reason", QUOTA_REASON);
    }
    send(request, 429);
  }

  /** {@code millis} in seconds, a whole number when it is one, else a plain decimal ({@code 3600}, {@code 2.5}). */
  static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  private void send(HttpServerRequest request, int status) {
    counters.answered(Provider.CONFLUENCE, status);
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end();
  }
}
