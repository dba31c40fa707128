package dev.membership.client.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends a request without a body, carrying exactly the headers it is given.
 *
 * <p>The stock generated {@code ApiClient.invokeAPI} always adds a JSON {@code Content-Type} and a
 * {@code Cookie} header, empty when there are no cookies. Neither belongs on a bodiless {@code DELETE}: some
 * gateways reject a {@code Content-Type} without a body, and an empty {@code Cookie} is malformed. The client
 * subclasses route their bodiless calls through here instead.
 */
public final class BodilessRequest {

  private BodilessRequest() {}

  /**
   * Sends {@code method absoluteUrl?query} with {@code headers} and no body.
   *
   * @param client the web client to send with
   * @param method the HTTP method
   * @param absoluteUrl scheme, host, port and path; query parameters go in {@code query}
   * @param query query parameters in order; each name and value is percent-encoded once
   * @param headers every header to send (entries with a {@code null} value are skipped)
   * @param timeoutMillis per-request timeout in milliseconds; zero or less means none
   * @return the response, or a failed future if the request could not be made
   */
  public static Future<HttpResponse<Buffer>> send(WebClient client, HttpMethod method, String absoluteUrl,
      List<Map.Entry<String, String>> query, MultiMap headers, long timeoutMillis) {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(absoluteUrl, "absoluteUrl == null");
    HttpRequest<Buffer> request = client.requestAbs(method, absoluteUrl);
    if (timeoutMillis > 0) {
      request.timeout(timeoutMillis);
    }
    for (Map.Entry<String, String> parameter : query) {
      if (parameter.getValue() != null) {
        request.addQueryParam(parameter.getKey(), parameter.getValue());
      }
    }
    headers.forEach(header -> {
      if (header.getValue() != null) {
        request.putHeader(header.getKey(), header.getValue());
      }
    });
    return request.send();
  }
}
