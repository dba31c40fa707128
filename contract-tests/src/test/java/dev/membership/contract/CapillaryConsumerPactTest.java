package dev.membership.contract;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static dev.membership.contract.Removals.failureOf;
import static dev.membership.contract.Removals.noRetries;
import static dev.membership.contract.Removals.remove;
import static dev.membership.contract.States.GROUP;
import static dev.membership.contract.States.MISSING_GROUP;
import static dev.membership.contract.States.MOBILE_IN_GROUP;
import static dev.membership.contract.States.MOBILE_IN_NO_GROUP;
import static dev.membership.contract.States.UNKNOWN_MOBILE;
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
import dev.membership.core.CapillaryIdentifier;
import dev.membership.core.CapillarySource;
import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RejectionReason;
import dev.membership.core.ProviderPausedException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetriesExhaustedException;
import dev.membership.core.RetryPolicy;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code core} sends to Capillary and what it makes of every documented answer: one interaction per answer,
 * each driven through {@link MembershipRemover#capillary} and the generated client, each pinning the outcome a
 * user gets. Values that vary (credentials, ids, messages) are matched by pattern or type; {@code success},
 * {@code errors[].code} and the status exactly.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Contract.CAPILLARY, pactVersion = PactSpecVersion.V4)
class CapillaryConsumerPactTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  /** The removal request with Basic credentials. */
  private static HttpRequestBuilder leave(HttpRequestBuilder request, long groupId, String mobile) {
    return unauthenticatedLeave(request, groupId, mobile)
        .header("Authorization", Matchers.regexp(Contract.BASIC_AUTHORIZATION, Contract.basic(
            Contract.FAKE_CAPILLARY)));
  }

  private static HttpRequestBuilder unauthenticatedLeave(HttpRequestBuilder request, long groupId, String mobile) {
    return request.method("DELETE")
        .path(Matchers.regexp("^/v2/userGroup2/[1-9][0-9]{0,18}/leave$", "/v2/userGroup2/" + groupId + "/leave"))
        .queryParameter("source", "INSTORE")
        .queryParameter("identifierName", "mobile")
        .queryParameter("identifierValue", Matchers.regexp("^\\+?[0-9]{6,15}$", mobile));
  }

  private static HttpResponseBuilder json(HttpResponseBuilder response, int status, DslPart body) {
    return response.status(status)
        .header("Content-Type", Matchers.regexp("^application/json(;.*)?$", "application/json"))
        .body(body);
  }

  /** {@code success: true}, no errors, no warnings. */
  private static DslPart success() {
    return newJsonBody(body -> {
      body.booleanValue("success", true);
      body.array("warnings", warnings -> { });
      body.array("errors", errors -> { });
    }).build();
  }

  /** {@code success: false} with exactly one error whose code is {@code code}. */
  private static DslPart refusal(int code, String message) {
    return newJsonBody(body -> {
      body.booleanValue("success", false);
      body.array("warnings", warnings -> { });
      body.array("errors", errors -> errors.object(error -> {
        error.numberValue("code", code);
        error.stringType("message", message);
        error.booleanType("status", false);
      }));
    }).build();
  }

  /** {@code success: false} with one error of any code: for answers whose codes Capillary does not publish. */
  private static DslPart failure(int exampleCode, String message) {
    return newJsonBody(body -> {
      body.booleanValue("success", false);
      body.array("warnings", warnings -> { });
      body.array("errors", errors -> errors.object(error -> {
        error.integerType("code", exampleCode);
        error.stringType("message", message);
        error.booleanType("status", false);
      }));
    }).build();
  }

  private static Membership.Capillary byMobile(long groupId, String mobile) {
    return new Membership.Capillary(groupId, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE, mobile);
  }

  private static MembershipRemover remover(MockServer mockServer) {
    return Removals.capillary(vertx, mockServer, noRetries().build());
  }

  // ---- 200, success ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact customerLeavesGroup(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal of a customer who is in the group", interaction ->
            interaction
                .state(States.CUSTOMER_IN_GROUP, Map.of("mobile", MOBILE_IN_GROUP, "groupId", GROUP))
                .withRequest(request -> leave(request, GROUP, MOBILE_IN_GROUP))
                .willRespondWith(response -> json(response, 200, success())))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "customerLeavesGroup")
  void reportsSuccessTrueAsRemoved(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), byMobile(GROUP, MOBILE_IN_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(200, List.of()));
  }

  // ---- 200, success: false, 1620 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact customerNotInGroup(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal of a customer who is not in the group", interaction ->
            interaction
                .state(States.CUSTOMER_NOT_IN_GROUP, Map.of("mobile", MOBILE_IN_NO_GROUP, "groupId", GROUP))
                .withRequest(request -> leave(request, GROUP, MOBILE_IN_NO_GROUP))
                .willRespondWith(response -> json(response, 200,
                    refusal(1620, "User does not belong to group"))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "customerNotInGroup")
  void reports200WithCode1620AsNotAMember(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), byMobile(GROUP, MOBILE_IN_NO_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.NotAMember(200,
        List.of(new ProviderMessage(1620, "User does not belong to group"))));
  }

  // ---- 400, 8015 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact customerNotFound(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal of a customer who does not exist", interaction ->
            interaction
                .state(States.NO_SUCH_CUSTOMER, Map.of("groupId", GROUP, "mobile", UNKNOWN_MOBILE))
                .withRequest(request -> leave(request, GROUP, UNKNOWN_MOBILE))
                .willRespondWith(response -> json(response, 400,
                    refusal(8015, "Customer not found for given identifiers"))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "customerNotFound")
  void reports400WithCode8015AsMemberNotFound(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), byMobile(GROUP, UNKNOWN_MOBILE));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.MEMBER_NOT_FOUND, 400,
        List.of(new ProviderMessage(8015, "Customer not found for given identifiers"))));
  }

  // ---- 400, 1619 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact groupNotFound(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal from a group that does not exist", interaction ->
            interaction
                .state(States.NO_SUCH_CAPILLARY_GROUP, Map.of("groupId", MISSING_GROUP))
                .withRequest(request -> leave(request, MISSING_GROUP, MOBILE_IN_GROUP))
                .willRespondWith(response -> json(response, 400, refusal(1619, "Invalid group id"))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "groupNotFound")
  void reports400WithCode1619AsGroupNotFound(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), byMobile(MISSING_GROUP, MOBILE_IN_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.GROUP_NOT_FOUND, 400,
        List.of(new ProviderMessage(1619, "Invalid group id"))));
  }

  // ---- 401 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact credentialsRefused(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal with credentials Capillary does not accept",
            interaction -> interaction
                .state(States.CREDENTIALS_REFUSED)
                .withRequest(request -> leave(request, GROUP, MOBILE_IN_GROUP))
                .willRespondWith(response -> json(response, 401,
                    failure(9903, "Invalid or missing credentials"))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "credentialsRefused")
  void reports401AsTheCredentialsRejectedWithTheProvidersMessage(MockServer mockServer) throws Throwable {
    Throwable failure = failureOf(remover(mockServer), byMobile(GROUP, MOBILE_IN_GROUP));

    assertThat(failure).isInstanceOfSatisfying(CredentialsRejectedException.class, refused -> {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.messages()).containsExactly(new ProviderMessage(9903, "Invalid or missing credentials"));
    });
  }

  // ---- 429 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact rateLimited(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal while the API key is rate-limited", interaction ->
            interaction
                .state(States.RATE_LIMITED, Map.of("retryAfterSeconds", States.RETRY_AFTER_SECONDS))
                .withRequest(request -> leave(request, GROUP, MOBILE_IN_GROUP))
                .willRespondWith(response -> json(response, 429, failure(9904, "Too many requests"))
                    .header("Retry-After",
                        Matchers.regexp("^[0-9]+$", Integer.toString(States.RETRY_AFTER_SECONDS)))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "rateLimited")
  void readsRetryAfterOf429AndSendsNothingBeforeItWhenItIsLongerThanThePolicyWaits(MockServer mockServer)
      throws Throwable {
    List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    Duration bound = Duration.ofSeconds(1);
    MembershipRemover remover = Removals.capillary(vertx, mockServer, RemoverOptions.builder()
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), bound))
        .listener(new RemovalListener() {
          @Override
          public void onRetry(Membership membership, int attempt, int status, Duration delay) {
            waits.add(delay);
          }
        })
        .build());

    Throwable failure = Removals.failureOf(remover, byMobile(GROUP, MOBILE_IN_GROUP));

    // Retry-After (2 s) is longer than the policy waits (1 s): the retry is not sent early, nor after a backoff.
    assertThat(waits).isEmpty();
    assertThat(failure).isInstanceOfSatisfying(ProviderPausedException.class, paused -> {
      assertThat(paused.status()).isEqualTo(429);
      assertThat(paused.attempts()).isEqualTo(1);
      assertThat(paused.waited()).isEqualTo(Duration.ofSeconds(States.RETRY_AFTER_SECONDS));
      assertThat(paused.bound()).isEqualTo(bound);
    });
  }

  // ---- 500 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact internalError(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal while Capillary fails internally", interaction ->
            interaction
                .state(States.SERVER_ERROR)
                .withRequest(request -> leave(request, GROUP, MOBILE_IN_GROUP))
                .willRespondWith(response -> json(response, 500, failure(9905, "Internal server error"))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "internalError")
  void retriesA500ThenReportsRetriesExhausted(MockServer mockServer) throws Throwable {
    AtomicInteger attempts = new AtomicInteger();
    MembershipRemover retrying = Removals.capillary(vertx, mockServer, RemoverOptions.builder()
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofSeconds(1)))
        .listener(new RemovalListener() {
          @Override
          public void onAttempt(Membership membership, int attempt) {
            attempts.incrementAndGet();
          }
        })
        .build());

    Throwable failure = Removals.failureOf(retrying, byMobile(GROUP, MOBILE_IN_GROUP));

    assertThat(failure).isInstanceOfSatisfying(RetriesExhaustedException.class, exhausted -> {
      assertThat(exhausted.status()).isEqualTo(500);
      assertThat(exhausted.attempts()).isEqualTo(3);
    });
    assertThat(attempts).hasValue(3);
  }

  // ---- OAuth: a token for the API client's key and secret, then the removal with it ----

  private static HttpRequestBuilder generateToken(HttpRequestBuilder request) {
    return request.method("POST")
        .path("/v3/oauth/token/generate")
        .header("Content-Type", "application/json")
        .body(newJsonBody(body -> {
          body.stringType("key", Contract.FAKE_CAPILLARY_CLIENT_KEY);
          body.stringType("secret", Contract.FAKE_CAPILLARY_CLIENT_SECRET);
        }).build());
  }

  private static MembershipRemover oauthRemover(MockServer mockServer) {
    return MembershipRemover.capillary(vertx, dev.membership.core.CapillaryConfig.builder()
        .baseUrl(mockServer.getUrl())
        .credentials(dev.membership.core.CapillaryCredentials.oauth(Contract.FAKE_CAPILLARY_CLIENT_KEY,
            Contract.FAKE_CAPILLARY_CLIENT_SECRET))
        .build(), noRetries().build());
  }

  /** The customer in the group, and the API client with the token it was issued (see {@link States}). */
  private static Map<String, Object> customerInGroupWithApiClient() {
    Map<String, Object> params = new HashMap<>(States.CAPILLARY_CLIENT);
    params.put("mobile", MOBILE_IN_GROUP);
    params.put("groupId", GROUP);
    return params;
  }

  @Pact(consumer = Contract.CONSUMER)
  V4Pact tokenThenRemoval(PactBuilder builder) {
    return builder
        .expectsToReceiveHttpInteraction("an access token for the API client's key and secret", interaction ->
            interaction
                .state(States.CUSTOMER_IN_GROUP, customerInGroupWithApiClient())
                .withRequest(CapillaryConsumerPactTest::generateToken)
                .willRespondWith(response -> json(response, 200, newJsonBody(body -> {
                  body.object("data", data -> {
                    data.stringType("accessToken", Contract.FAKE_ACCESS_TOKEN);
                    data.integerType("ttlSeconds", 1800);
                  });
                  body.nullValue("errors");
                }).build())))
        .expectsToReceiveHttpInteraction("removal with an access token", interaction -> interaction
            .state(States.CUSTOMER_IN_GROUP, customerInGroupWithApiClient())
            .withRequest(request -> unauthenticatedLeave(request, GROUP, MOBILE_IN_GROUP)
                .header(Contract.CAPILLARY_TOKEN_HEADER, Matchers.regexp("^\\S+$", Contract.FAKE_ACCESS_TOKEN)))
            .willRespondWith(response -> json(response, 200, success())))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "tokenThenRemoval")
  void generatesATokenFromTheKeyAndSecretAndSendsItInItsHeader(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(oauthRemover(mockServer), byMobile(GROUP, MOBILE_IN_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(200, List.of()));
  }

  @Pact(consumer = Contract.CONSUMER)
  V4Pact tokenRefused(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("an access token for a key and secret Capillary does not accept",
            interaction -> interaction
                .state(States.CREDENTIALS_REFUSED)
                .withRequest(CapillaryConsumerPactTest::generateToken)
                .willRespondWith(response -> json(response, 401, newJsonBody(body -> {
                  body.nullValue("data");
                  body.array("errors", errors -> errors.object(error -> {
                    error.integerType("code", 9907);
                    error.stringType("message", "Invalid key or secret");
                  }));
                }).build())))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "tokenRefused")
  void reportsARefusedKeyAsTheCredentialsRejectedWithoutSendingTheRemoval(MockServer mockServer) throws Throwable {
    Throwable failure = failureOf(oauthRemover(mockServer), byMobile(GROUP, MOBILE_IN_GROUP));

    Removals.assertRefusedByTokenEndpoint(failure, 401, new ProviderMessage(9907, "Invalid key or secret"));
  }
}
