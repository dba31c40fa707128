package dev.membership.contract;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.HttpRequestBuilder;
import au.com.dius.pact.consumer.dsl.HttpResponseBuilder;
import au.com.dius.pact.consumer.dsl.Matchers;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RemovalOutcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code core} sends to Atlassian's authorisation server to refresh an OAuth 2.0 (3LO) access token, and
 * what it makes of each answer: driven through {@link MembershipRemover#confluence} with refreshing credentials,
 * whose removal goes to a plain loopback server standing for Confluence's gateway (it answers 204 and records
 * the bearer token it got).
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Contract.ATLASSIAN_AUTH, pactVersion = PactSpecVersion.V4)
class AtlassianAuthConsumerPactTest {

  private static final Membership.Confluence MEMBERSHIP =
      new Membership.Confluence(States.CONFLUENCE_GROUP, States.ACCOUNT_IN_GROUP);

  private static Vertx vertx;
  private static HttpServer gateway;
  private static final List<String> bearers = new CopyOnWriteArrayList<>();
  private final List<String> rotated = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    gateway = vertx.createHttpServer().requestHandler(request -> {
      bearers.add(String.valueOf(request.getHeader("Authorization")));
      request.response().setStatusCode(204).end();
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @BeforeEach
  void forget() {
    bearers.clear();
  }

  private MembershipRemover remover(MockServer authServer) {
    return MembershipRemover.confluence(vertx, ConfluenceConfig.builder()
        .siteUrl("http://127.0.0.1:" + gateway.actualPort() + "/ex/confluence/contract-cloud")
        .authServerUrl(authServer.getUrl())
        .credentials(ConfluenceCredentials.oauth(Contract.FAKE_OAUTH_CLIENT_ID, Contract.FAKE_OAUTH_CLIENT_SECRET,
            Contract.FAKE_REFRESH_TOKEN, rotated::add))
        .build(), Removals.noRetries().build());
  }

  private static HttpRequestBuilder refresh(HttpRequestBuilder request) {
    return request.method("POST")
        .path("/oauth/token")
        .header("Content-Type", "application/json")
        .body(newJsonBody(body -> {
          body.stringValue("grant_type", "refresh_token");
          body.stringType("client_id", Contract.FAKE_OAUTH_CLIENT_ID);
          body.stringType("client_secret", Contract.FAKE_OAUTH_CLIENT_SECRET);
          body.stringType("refresh_token", Contract.FAKE_REFRESH_TOKEN);
        }).build());
  }

  private static HttpResponseBuilder json(HttpResponseBuilder response, int status, DslPart body) {
    return response.status(status)
        .header("Content-Type", Matchers.regexp("^application/json(;.*)?$", "application/json"))
        .body(body);
  }

  private static DslPart error(String error, String description) {
    return newJsonBody(body -> {
      body.stringValue("error", error);
      body.stringType("error_description", description);
    }).build();
  }

  // ---- 200 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact tokenRefreshed(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("a refresh with the app's current refresh token", interaction ->
            interaction
                .state(States.REFRESH_TOKEN_VALID, States.ATLASSIAN_APP)
                .withRequest(AtlassianAuthConsumerPactTest::refresh)
                .willRespondWith(response -> json(response, 200, newJsonBody(body -> {
                  body.stringType("access_token", Contract.FAKE_ACCESS_TOKEN);
                  body.stringType("refresh_token", Contract.FAKE_ROTATED_REFRESH_TOKEN);
                  body.integerType("expires_in", 3600);
                  body.stringType("scope", "write:confluence-groups offline_access");
                  body.stringType("token_type", "Bearer");
                }).build())))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "tokenRefreshed")
  void sendsTheNewAccessTokenAndHandsOverTheRotatedRefreshToken(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = Removals.remove(remover(mockServer), MEMBERSHIP);

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
    assertThat(bearers).containsExactly("Bearer " + Contract.FAKE_ACCESS_TOKEN);
    assertThat(rotated).containsExactly(Contract.FAKE_ROTATED_REFRESH_TOKEN);
  }

  // ---- 401 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact clientRefused(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("a refresh with a client id and secret Atlassian does not accept",
            interaction -> interaction
                .state(States.CREDENTIALS_REFUSED)
                .withRequest(AtlassianAuthConsumerPactTest::refresh)
                .willRespondWith(response -> json(response, 401, error("access_denied", "Unauthorized"))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "clientRefused")
  void reportsARefusedClientAsTheCredentialsRejectedWithoutSendingTheRemoval(MockServer mockServer)
      throws Throwable {
    Throwable failure = Removals.failureOf(remover(mockServer), MEMBERSHIP);

    assertRefusedByTokenEndpoint(failure, 401, "access_denied: Unauthorized");
  }

  // ---- 403 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact refreshTokenUsed(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("a refresh with a refresh token that was used or revoked",
            interaction -> interaction
                .state(States.REFRESH_TOKEN_USED, States.ATLASSIAN_APP)
                .withRequest(AtlassianAuthConsumerPactTest::refresh)
                .willRespondWith(response -> json(response, 403,
                    error("invalid_grant", "Unknown or invalid refresh token."))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "refreshTokenUsed")
  void reportsAUsedRefreshTokenAsTheCredentialsRejectedWithoutSendingTheRemoval(MockServer mockServer)
      throws Throwable {
    Throwable failure = Removals.failureOf(remover(mockServer), MEMBERSHIP);

    assertRefusedByTokenEndpoint(failure, 403, "invalid_grant: Unknown or invalid refresh token.");
  }

  private void assertRefusedByTokenEndpoint(Throwable failure, int status, String message) {
    Removals.assertRefusedByTokenEndpoint(failure, status, new ProviderMessage(0, message));
    assertThat(bearers).isEmpty();
    assertThat(rotated).isEmpty();
  }
}
