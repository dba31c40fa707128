package dev.membership.capillary.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.membership.capillary.generated.invoker.ApiClient;
import dev.membership.capillary.generated.invoker.Pair;
import dev.membership.capillary.generated.invoker.auth.Authentication;
import dev.membership.client.support.BodilessRequest;
import dev.membership.client.support.ResponseGuard;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;

/**
 * The generated Capillary {@code ApiClient} with its request and failure handling fixed:
 * <ul>
 *   <li>a bodiless request carries no {@code Content-Type} and no {@code Cookie} header unless cookies are set;</li>
 *   <li>exactly one security scheme is applied: the first of the operation's schemes that has credentials;</li>
 *   <li>a transport failure fails with {@code TransportFailureException} (original cause kept), a body that cannot
 *       be decoded fails with {@code ResponseDecodingException}, even when decoding throws an {@link Error}.</li>
 * </ul>
 *
 * <p>Configuration keys are those of the generated client ({@code basePath}, {@code timeout} in milliseconds)
 * plus any {@code WebClientOptions} field.
 */
public final class CapillaryApiClient extends ApiClient {

  private final WebClient webClient;
  private volatile BodilessRequest.Target parsedBase;

  /**
   * @param vertx the Vert.x instance requests run on
   * @param config {@code basePath}, {@code timeout} and {@code WebClientOptions} fields
   */
  public CapillaryApiClient(Vertx vertx, JsonObject config) {
    this(vertx, config, new JsonObject());
  }

  /**
   * @param vertx the Vert.x instance requests run on
   * @param config {@code basePath}, {@code timeout} and {@code WebClientOptions} fields
   * @param poolConfig {@code PoolOptions} fields, e.g. {@code http1MaxSize} for the connection pool size
   */
  public CapillaryApiClient(Vertx vertx, JsonObject config, JsonObject poolConfig) {
    super(vertx, withDefaults(config), poolConfig);
    // One web client (one connection pool) for the life of this client. The stock getWebClient caches one per
    // Vert.x context, and a caller outside any context gets a new context, and a new pool, on every call.
    this.webClient = buildWebClient(vertx, this.config, poolConfig);
  }

  private static JsonObject withDefaults(JsonObject config) {
    JsonObject copy = config.copy();
    if (!copy.containsKey("userAgent")) {
      copy.put("userAgent", "membership-toolkit-capillary");
    }
    return copy;
  }

  @Override
  public WebClient getWebClient() {
    return webClient;
  }

  /** Closes the connection pool; requests made afterwards fail. */
  public void close() {
    webClient.close();
  }

  @Override
  public <T> void invokeAPI(String path, String method, List<Pair> queryParams, Object body, MultiMap headerParams,
      MultiMap cookieParams, Map<String, Object> formParams, String[] accepts, String[] contentTypes,
      String[] authNames, AuthInfo authInfo, TypeReference<T> returnType, Handler<AsyncResult<T>> resultHandler) {
    if (body != null || (formParams != null && !formParams.isEmpty()) || authInfo != null) {
      // The spec's operations are bodiless and credentials are set on the client; anything else is a misuse.
      resultHandler.handle(Future.failedFuture(new UnsupportedOperationException(
          "only bodiless requests with client-wide credentials are supported: " + method + " " + path)));
      return;
    }
    updateParamsForAuth(authNames, authInfo, queryParams, headerParams, cookieParams);
    if (accepts != null && accepts.length > 0) {
      headerParams.add(HttpHeaders.ACCEPT, selectHeaderAccept(accepts));
    }
    if (!defaultHeaders.isEmpty()) {
      headerParams.addAll(defaultHeaders);
    }
    if (!cookieParams.isEmpty() || !defaultCookies.isEmpty()) {
      String cookie = buildCookieHeader(MultiMap.caseInsensitiveMultiMap().addAll(cookieParams).addAll(defaultCookies));
      if (!cookie.isEmpty()) {
        headerParams.set(HttpHeaders.COOKIE, cookie);
      }
    }
    BodilessRequest.Query query = new BodilessRequest.Query();
    for (Pair pair : queryParams) {
      query.add(pair.getName(), pair.getValue());
    }
    String target = basePath + path;
    BodilessRequest.send(getWebClient(), target(), HttpMethod.valueOf(method), path, query, headerParams, timeout)
        .onComplete(ResponseGuard.guard(method, target, resultHandler, h -> buildResponseHandler(returnType, h)));
  }

  private BodilessRequest.Target target() {
    BodilessRequest.Target parsed = parsedBase;
    if (parsed == null || !parsed.base().equals(basePath)) {
      parsed = BodilessRequest.Target.parse(basePath);
      parsedBase = parsed;
    }
    return parsed;
  }

  /** Applies the first of {@code authNames} that has credentials, so one {@code Authorization} header goes out. */
  @Override
  protected void updateParamsForAuth(String[] authNames, AuthInfo authInfo, List<Pair> queryParams,
      MultiMap headerParams, MultiMap cookieParams) {
    for (String authName : authNames) {
      Authentication auth = authentications.get(authName);
      if (auth == null) {
        continue;
      }
      int before = headerParams.size() + queryParams.size() + cookieParams.size();
      auth.applyToParams(queryParams, headerParams, cookieParams);
      if (headerParams.size() + queryParams.size() + cookieParams.size() > before) {
        return;
      }
    }
  }

}
