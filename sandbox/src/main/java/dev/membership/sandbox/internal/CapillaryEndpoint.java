package dev.membership.sandbox.internal;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Capillary's {@code DELETE /v2/userGroup2/{groupId}/leave}. Every answer is {@code application/json} with the
 * {@code {warnings, errors, success}} body. Checks run in this order: method (405), credentials (401: Basic, or an
 * access token in {@code X-CAP-API-OAUTH-TOKEN} that {@link TokenEndpoints} issued and is still valid), parameters
 * (400, codes 9901/9902), group (400, 1619), customer (400, 8015), membership (200 with 1620, or 200 success).
 */
final class CapillaryEndpoint implements Endpoint {

  static final String PREFIX = "/v2/userGroup2/";
  static final String SUFFIX = "/leave";

  /** Sandbox code: a required parameter is missing. */
  static final int MISSING_PARAMETER = 9901;
  /** Sandbox code: a parameter has a value the spec does not allow. */
  static final int INVALID_PARAMETER = 9902;
  /** Sandbox code: no valid credential. */
  static final int UNAUTHORIZED = 9903;
  /** Sandbox code: too many requests. */
  static final int TOO_MANY_REQUESTS = 9904;
  /** Sandbox code: a (simulated) server-side failure. */
  static final int SERVER_ERROR = 9905;
  /** Sandbox code: another method than DELETE. */
  static final int METHOD_NOT_ALLOWED = 9906;

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  /** The header of an OAuth access token; with it, the {@code Authorization} header is not looked at. */
  static final CharSequence OAUTH_TOKEN = HttpHeaders.createOptimized("X-CAP-API-OAUTH-TOKEN");
  private static final CharSequence DELETE = HttpHeaders.createOptimized("DELETE");
  private static final String REMOVED = "{\"warnings\":[],\"errors\":[],\"success\":true}";
  private static final String NOT_A_MEMBER = error(1620, "User does not belong to group");
  private static final String INVALID_GROUP = error(1619, "Invalid group id");
  private static final String CUSTOMER_NOT_FOUND = error(8015, "Customer not found for given identifiers");
  private static final String BAD_CREDENTIALS = error(UNAUTHORIZED, "Invalid or missing credentials");
  private static final String WRONG_METHOD = error(METHOD_NOT_ALLOWED, "Method not allowed");
  private static final String TOO_MANY = error(TOO_MANY_REQUESTS, "Too many requests");
  private static final String INTERNAL_ERROR = error(SERVER_ERROR, "Internal server error");
  private static final String BAD_GATEWAY = error(SERVER_ERROR, "Bad gateway");
  private static final String UNAVAILABLE = error(SERVER_ERROR, "Service unavailable");

  private final Counters counters;

  CapillaryEndpoint(Counters counters) {
    this.counters = counters;
  }

  /** Whether {@code path} is this endpoint's, whatever its group id segment holds. */
  static boolean matches(String path) {
    return path.length() >= PREFIX.length() + SUFFIX.length() && path.startsWith(PREFIX) && path.endsWith(SUFFIX)
        && path.indexOf('/', PREFIX.length()) == path.length() - SUFFIX.length();
  }

  @Override
  public Provider provider() {
    return Provider.CAPILLARY;
  }

  @Override
  public void serve(HttpServerRequest request, World world) {
    if (request.method() != HttpMethod.DELETE) {
      request.response().putHeader(HttpHeaders.ALLOW, DELETE);
      send(request, 405, WRONG_METHOD);
      return;
    }
    CapillaryState state = world.capillary();
    String token = request.getHeader(OAUTH_TOKEN);
    boolean authenticated = token != null ? state.authenticateToken(token)
        : state.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (!authenticated) {
      send(request, 401, BAD_CREDENTIALS);
      return;
    }
    String path = request.path();
    long groupId = parseGroupId(path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
    if (groupId < 1) {
      send(request, 400, invalid("groupId"));
      return;
    }
    MultiMap params = request.params();
    String source = params.get("source");
    String identifierName = params.get("identifierName");
    String identifierValue = params.get("identifierValue");
    String accountId = params.get("accountId");
    String problem = source == null ? missing("source")
        : !CapillaryState.SOURCES.contains(source) ? invalid("source")
        : identifierName == null ? missing("identifierName")
        : !CapillaryState.IDENTIFIER_NAMES.contains(identifierName) ? invalid("identifierName")
        : identifierValue == null ? missing("identifierValue")
        : identifierValue.isBlank() ? invalid("identifierValue")
        : accountId != null && accountId.isBlank() ? invalid("accountId")
        : null;
    if (problem != null) {
      send(request, 400, problem);
      return;
    }
    switch (state.leave(groupId, source, accountId, identifierName, identifierValue)) {
      case REMOVED -> send(request, 200, REMOVED);
      case NOT_A_MEMBER -> send(request, 200, NOT_A_MEMBER);
      case NO_SUCH_GROUP -> send(request, 400, INVALID_GROUP);
      case NO_SUCH_CUSTOMER -> send(request, 400, CUSTOMER_NOT_FOUND);
    }
  }

  @Override
  public void serverError(HttpServerRequest request, int status) {
    send(request, status, switch (status) {
      case 502 -> BAD_GATEWAY;
      case 503 -> UNAVAILABLE;
      default -> INTERNAL_ERROR;
    });
  }

  @Override
  public void injectedTooManyRequests(HttpServerRequest request, int retryAfterSeconds) {
    request.response().putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
    send(request, 429, TOO_MANY);
  }

  /** Capillary documents no quota headers: nothing. */
  @Override
  public void announceQuota(HttpServerRequest request, RateLimiter.Quota quota) {
    // nothing to announce
  }

  /** The documented 429: {@code Retry-After} and the error body with code 9904, whichever limit refused. */
  @Override
  public void rateLimited(HttpServerRequest request, RateLimiter.Verdict verdict) {
    injectedTooManyRequests(request, verdict.retryAfterSeconds());
  }

  private void send(HttpServerRequest request, int status, String body) {
    counters.answered(Provider.CAPILLARY, status);
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  /** The group id, or -1 unless it is a positive int64 in plain decimal digits. */
  private static long parseGroupId(String segment) {
    if (segment.isEmpty() || segment.length() > 19) {
      return -1;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String missing(String parameter) {
    return error(MISSING_PARAMETER, "Missing required parameter: " + parameter);
  }

  private static String invalid(String parameter) {
    return error(INVALID_PARAMETER, "Invalid value for parameter: " + parameter);
  }

  static String error(int code, String message) {
    return new JsonObject()
        .put("warnings", new JsonArray())
        .put("errors", new JsonArray().add(new JsonObject().put("code", code).put("message", message)
            .put("status", false)))
        .put("success", false)
        .encode();
  }
}
