package dev.membership.contract;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.provider.IHttpClientFactory;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/**
 * An embedded sandbox (demo seed, a free port) for provider verification. Provider states are not implemented
 * here: {@link #setUp} hands each to the sandbox's {@code /_sandbox/provider-states}, the endpoint any other
 * verifier uses through {@code stateChangeUrl}, so there is one implementation of the states.
 */
final class VerifiedSandbox implements AutoCloseable {

  /**
   * Interactions the sandbox cannot produce yet, marked {@code pending} in the pacts; any other pending
   * interaction fails the verification, so that nothing slips into this list unnoticed.
   */
  static final Set<String> KNOWN_PENDING = Set.of();

  private final Vertx vertx;
  private final Sandbox sandbox;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private VerifiedSandbox(Vertx vertx, Sandbox sandbox) {
    this.vertx = vertx;
    this.sandbox = sandbox;
  }

  static VerifiedSandbox start() {
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = Sandbox.start(vertx, SandboxOptions.custom().port(0).instances(1).seed(SeedSource.demo())
        .build()).await();
    return new VerifiedSandbox(vertx, sandbox);
  }

  /**
   * The sandbox as Pact's target. Its HTTP client does not retry: the stock one honours {@code Retry-After} on
   * a 429 and retries the DELETE, which would only slow the 429 interaction down and hide what was answered.
   */
  HttpTestTarget target() {
    IHttpClientFactory noRetries = provider -> HttpClients.custom().disableAutomaticRetries().build();
    return new HttpTestTarget("127.0.0.1", sandbox.port(), "/", () -> noRetries);
  }

  String stateChangeUrl() {
    return sandbox.baseUrl() + "/_sandbox/provider-states";
  }

  /** Whether {@code interaction} is pending and known to be; throws if it is pending and not known. */
  static boolean isKnownPending(Interaction interaction) {
    boolean pending = interaction.isV4() && interaction.asV4Interaction().getPending();
    if (pending && !KNOWN_PENDING.contains(interaction.getDescription())) {
      throw new AssertionError("interaction \"" + interaction.getDescription() + "\" is pending but not listed in "
          + "VerifiedSandbox.KNOWN_PENDING: verify it or list it with the reason");
    }
    return pending;
  }

  /**
   * Sets the sandbox up for {@code state} through its state change endpoint.
   *
   * @throws IllegalStateException with the sandbox's answer if it refuses the state
   */
  void setUp(String state, Map<String, Object> params) {
    HttpResponse<String> response = post(stateChangeUrl(), new JsonObject().put("state", state)
        .put("params", new JsonObject(params)).put("action", "setup"), "provider state \"" + state + "\"");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the sandbox refused provider state \"" + state + "\": "
          + response.statusCode() + " " + response.body());
    }
  }

  /** An access token the sandbox's Capillary token endpoint issues to its default API client. */
  String capillaryAccessToken() {
    HttpResponse<String> response = post(sandbox.baseUrl() + "/v3/oauth/token/generate", new JsonObject()
        .put("key", Contract.SANDBOX_CLIENT_KEY).put("secret", Contract.SANDBOX_CLIENT_SECRET), "a token");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the sandbox issued no token: HTTP " + response.statusCode());
    }
    return new JsonObject(response.body()).getJsonObject("data").getString("accessToken");
  }

  /** POSTs {@code body} as JSON to {@code url}; {@code what} names it in a failure. */
  private HttpResponse<String> post(String url, JsonObject body, String what) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(what + " could not be set up", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up " + what, e);
    }
  }

  @Override
  public void close() {
    sandbox.close().await();
    vertx.close().await();
  }
}
