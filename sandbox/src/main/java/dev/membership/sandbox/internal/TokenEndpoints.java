package dev.membership.sandbox.internal;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Both providers' token endpoints: Capillary's {@code POST /v3/oauth/token/generate} (key and secret for a token
 * of {@code ttlSeconds}) and Atlassian's {@code POST /oauth/token} ({@code grant_type=refresh_token}: a new access
 * token and a new refresh token; the one used stops working). Tokens live the sandbox's token lifetime. Neither
 * faults nor the rate limit apply here; every answer is counted ({@code tokensIssued}, {@code tokensRefused}).
 */
final class TokenEndpoints {

  static final String CAPILLARY_PATH = "/v3/oauth/token/generate";
  static final String ATLASSIAN_PATH = "/oauth/token";

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  /** Sandbox code: the key and secret were refused. */
  static final int INVALID_CLIENT = 9907;

  private final SandboxRuntime runtime;

  TokenEndpoints(SandboxRuntime runtime) {
    this.runtime = runtime;
  }

  static boolean matches(String path) {
    return path.equals(CAPILLARY_PATH) || path.equals(ATLASSIAN_PATH);
  }

  void handle(HttpServerRequest request) {
    Provider provider = request.path().equals(CAPILLARY_PATH) ? Provider.CAPILLARY : Provider.CONFLUENCE;
    if (request.method() != HttpMethod.POST) {
      request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "POST").end();
      return;
    }
    request.body().onSuccess(body -> {
      JsonObject json;
      try {
        json = body.length() == 0 ? null : new JsonObject(body);
      } catch (DecodeException | ClassCastException e) {
        json = null; // the parser's message quotes the body: never kept
      }
      World world = runtime.world();
      if (provider == Provider.CAPILLARY) {
        capillary(request, world.capillary(), json);
      } else {
        atlassian(request, world.confluence(), json);
      }
    });
  }

  private void capillary(HttpServerRequest request, CapillaryState state, JsonObject json) {
    String key = json == null ? null : string(json, "key");
    String secret = json == null ? null : string(json, "secret");
    if (key == null || secret == null) {
      refuse(request, Provider.CAPILLARY, 400, capillaryError(9901, "key and secret are required"));
      return;
    }
    String token = state.generateToken(key, secret);
    if (token == null) {
      refuse(request, Provider.CAPILLARY, 401, capillaryError(INVALID_CLIENT, "Invalid key or secret"));
      return;
    }
    issued(request, Provider.CAPILLARY, new JsonObject().put("data", new JsonObject().put("accessToken", token)
        .put("ttlSeconds", state.tokens().lifetimeSeconds())).putNull("errors"));
  }

  private void atlassian(HttpServerRequest request, ConfluenceState state, JsonObject json) {
    String clientId = json == null ? null : string(json, "client_id");
    String clientSecret = json == null ? null : string(json, "client_secret");
    String refreshToken = json == null ? null : string(json, "refresh_token");
    if (json == null || !"refresh_token".equals(json.getValue("grant_type")) || clientId == null
        || clientSecret == null || refreshToken == null) {
      refuse(request, Provider.CONFLUENCE, 400, oauthError("invalid_request",
          "grant_type refresh_token, client_id, client_secret and refresh_token are required."));
      return;
    }
    ConfluenceState.Refresh refresh = state.refresh(clientId, clientSecret, refreshToken);
    if (refresh.refused()) {
      if (refresh.clientRefused()) {
        refuse(request, Provider.CONFLUENCE, 401, oauthError("access_denied", "Unauthorized"));
      } else {
        refuse(request, Provider.CONFLUENCE, 403, oauthError("invalid_grant", "Unknown or invalid refresh token."));
      }
      return;
    }
    issued(request, Provider.CONFLUENCE, new JsonObject().put("access_token", refresh.accessToken())
        .put("refresh_token", refresh.refreshToken()).put("expires_in", refresh.expiresIn())
        .put("scope", "write:confluence-groups offline_access").put("token_type", "Bearer"));
  }

  private void issued(HttpServerRequest request, Provider provider, JsonObject body) {
    runtime.counters().tokenIssued(provider);
    request.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  private void refuse(HttpServerRequest request, Provider provider, int status, JsonObject body) {
    runtime.counters().tokenRefused(provider);
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }

  /** A non-blank string field, else null. */
  private static String string(JsonObject json, String field) {
    return json.getValue(field) instanceof String value && !value.isBlank() ? value : null;
  }

  private static JsonObject capillaryError(int code, String message) {
    return new JsonObject().putNull("data")
        .put("errors", new JsonArray().add(new JsonObject().put("code", code).put("message", message)));
  }

  private static JsonObject oauthError(String error, String description) {
    return new JsonObject().put("error", error).put("error_description", description);
  }
}
