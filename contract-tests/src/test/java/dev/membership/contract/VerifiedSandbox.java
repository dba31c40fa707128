package dev.membership.contract;

import au.com.dius.pact.core.model.IRequest;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.matchingrules.MatchingRuleGroup;
import au.com.dius.pact.core.model.matchingrules.RegexMatcher;
import au.com.dius.pact.provider.IHttpClientFactory;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/**
 * An embedded sandbox (demo seed, a free port) for provider verification. Provider states are not implemented
 * here: {@link #setUp} hands each to the sandbox's {@code /_sandbox/provider-states}, the endpoint any other
 * verifier uses through {@code stateChangeUrl}, so there is one implementation of the states. A pact's request
 * goes out as the pact holds it, but for one header ({@link #authorization}).
 */
final class VerifiedSandbox implements AutoCloseable {

  /**
   * Interactions the sandbox cannot produce yet, marked {@code pending} in the pacts; any other pending
   * interaction fails the verification, so that nothing slips into this list unnoticed.
   */
  static final Set<String> KNOWN_PENDING = Set.of();

  static final String AUTHORIZATION = "Authorization";

  private final Vertx vertx;
  private final Sandbox sandbox;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

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
   * The sandbox's documented default credential for {@code provider}, if {@code request} (a pact's) matches its
   * {@code Authorization} header by pattern: that header's example is made up, so a verifier may send the default
   * in its place. It is the one change to a pact's request the verifications here make: a token request's body
   * and the token header go out as the pact holds them, and the states make the sandbox accept them.
   */
  static Optional<String> authorization(String provider, IRequest request) {
    MatchingRuleGroup rules = request.getMatchingRules().rulesForCategory("header").getMatchingRules()
        .get(AUTHORIZATION);
    if (rules == null || rules.getRules().stream().noneMatch(RegexMatcher.class::isInstance)) {
      return Optional.empty();
    }
    return Optional.of(switch (provider) {
      case Contract.CAPILLARY -> Contract.sandboxCapillaryAuthorization();
      case Contract.CONFLUENCE -> Contract.sandboxConfluenceAuthorization();
      default -> throw new IllegalArgumentException("the sandbox has no default Authorization for " + provider);
    });
  }

  /**
   * Sets the sandbox up for {@code state} through its state change endpoint, as any verifier does: a POST of
   * {@code {"state", "params", "action": "setup"}}.
   *
   * @throws IllegalStateException with the sandbox's answer if it refuses the state
   */
  void setUp(String state, Map<String, Object> params) {
    changeState(state, params, "setup");
  }

  /** Tears {@code state} down through the state change endpoint (the sandbox resets). */
  void tearDown(String state, Map<String, Object> params) {
    changeState(state, params, "teardown");
  }

  private void changeState(String state, Map<String, Object> params, String action) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(stateChangeUrl()))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("state", state)
            .put("params", new JsonObject(params)).put("action", action).encode()))
        .build();
    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the sandbox refused the " + action + " of provider state \"" + state
          + "\": " + response.statusCode() + " " + response.body());
    }
  }

  /** Sends {@code request} to the sandbox. */
  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri().getPath(), e);
    }
  }

  String baseUrl() {
    return sandbox.baseUrl();
  }

  @Override
  public void close() {
    sandbox.close().await();
    vertx.close().await();
  }
}
