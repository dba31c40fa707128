package dev.membership.contract;

import static dev.membership.contract.Removals.failureOf;
import static dev.membership.contract.Removals.noRetries;
import static dev.membership.contract.Removals.remove;
import static dev.membership.contract.States.ACCOUNT_IN_GROUP;
import static dev.membership.contract.States.ACCOUNT_IN_NO_GROUP;
import static dev.membership.contract.States.CONFLUENCE_GROUP;
import static dev.membership.contract.States.MALFORMED_GROUP;
import static dev.membership.contract.States.RETRY_AFTER_SECONDS;
import static dev.membership.contract.States.UNKNOWN_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.HttpRequestBuilder;
import au.com.dius.pact.consumer.dsl.HttpResponseBuilder;
import au.com.dius.pact.consumer.dsl.Matchers;
import au.com.dius.pact.consumer.dsl.PactBuilder;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.Provider;
import dev.membership.core.ProviderPausedException;
import dev.membership.core.RejectionReason;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RetryPolicy;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@code core} sends to Confluence and what it makes of every documented answer, one interaction each,
 * driven through {@link MembershipRemover#confluence} and the generated client. Confluence answers with empty
 * bodies only, so every expected response requires an empty body.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = Contract.CONFLUENCE, pactVersion = PactSpecVersion.V4)
class ConfluenceConsumerPactTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private static HttpRequestBuilder removal(HttpRequestBuilder request, String groupId, String accountId) {
    return request.method("DELETE")
        .path("/wiki/rest/api/group/userByGroupId")
        .queryParameter("groupId", Matchers.regexp("^\\S+$", groupId))
        .queryParameter("accountId", Matchers.regexp("^[A-Za-z0-9:-]+$", accountId))
        .header("Authorization", Matchers.regexp(Contract.BASIC_OR_BEARER_AUTHORIZATION,
            Contract.basic(Contract.FAKE_CONFLUENCE_EMAIL, Contract.FAKE_CONFLUENCE_TOKEN)));
  }

  /** {@code status} with an empty body: a body of any length would fail the match. */
  private static HttpResponseBuilder empty(HttpResponseBuilder response, int status) {
    return response.status(status).body("", "text/plain");
  }

  private static MembershipRemover remover(MockServer mockServer) {
    return Removals.confluence(vertx, mockServer, noRetries().build());
  }

  // ---- 204 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact memberRemoved(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal of an account that is in the group", interaction ->
            interaction
                .state(States.ACCOUNT_IN_CONFLUENCE_GROUP,
                    Map.of("accountId", ACCOUNT_IN_GROUP, "groupId", CONFLUENCE_GROUP))
                .withRequest(request -> removal(request, CONFLUENCE_GROUP, ACCOUNT_IN_GROUP))
                .willRespondWith(response -> empty(response, 204)))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "memberRemoved")
  void reports204AsRemoved(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), new Membership.Confluence(CONFLUENCE_GROUP,
        ACCOUNT_IN_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
  }

  @Pact(consumer = Contract.CONSUMER)
  V4Pact accountNotInGroup(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal of an account that is not in the group", interaction ->
            interaction
                .state(States.ACCOUNT_NOT_IN_CONFLUENCE_GROUP,
                    Map.of("accountId", ACCOUNT_IN_NO_GROUP, "groupId", CONFLUENCE_GROUP))
                .withRequest(request -> removal(request, CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP))
                .willRespondWith(response -> empty(response, 204)))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "accountNotInGroup")
  void reports204ForAnAccountNotInTheGroupAsRemovedToo(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), new Membership.Confluence(CONFLUENCE_GROUP,
        ACCOUNT_IN_NO_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
  }

  // ---- 400 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact malformedGroupId(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal with a group id Confluence rejects as invalid",
            interaction -> interaction
                .state(States.MALFORMED_GROUP_ID, Map.of("groupId", MALFORMED_GROUP))
                .withRequest(request -> removal(request, MALFORMED_GROUP, ACCOUNT_IN_GROUP))
                .willRespondWith(response -> empty(response, 400)))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "malformedGroupId")
  void reports400AsBadRequest(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), new Membership.Confluence(MALFORMED_GROUP,
        ACCOUNT_IN_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.BAD_REQUEST, 400, List.of()));
  }

  // ---- 401 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact credentialsRefused(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal with credentials Confluence does not accept",
            interaction -> interaction
                .state(States.CREDENTIALS_REFUSED)
                .withRequest(request -> removal(request, CONFLUENCE_GROUP, ACCOUNT_IN_GROUP))
                .willRespondWith(response -> empty(response, 401)))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "credentialsRefused")
  void reports401AsTheCredentialsRejected(MockServer mockServer) throws Throwable {
    Throwable failure = failureOf(remover(mockServer), new Membership.Confluence(CONFLUENCE_GROUP,
        ACCOUNT_IN_GROUP));

    assertThat(failure).isInstanceOfSatisfying(CredentialsRejectedException.class, refused -> {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.sent()).isTrue();
    });
  }

  // ---- 403 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact notASiteAdmin(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal by a caller who is not a site admin", interaction ->
            interaction
                .state(States.NOT_A_SITE_ADMIN)
                .withRequest(request -> removal(request, CONFLUENCE_GROUP, ACCOUNT_IN_GROUP))
                .willRespondWith(response -> empty(response, 403)))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "notASiteAdmin")
  void reports403AsForbidden(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), new Membership.Confluence(CONFLUENCE_GROUP,
        ACCOUNT_IN_GROUP));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.FORBIDDEN, 403, List.of()));
  }

  // ---- 404 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact accountNotFound(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal of an account that does not exist", interaction ->
            interaction
                .state(States.NO_SUCH_ACCOUNT, Map.of("groupId", CONFLUENCE_GROUP, "accountId", UNKNOWN_ACCOUNT))
                .withRequest(request -> removal(request, CONFLUENCE_GROUP, UNKNOWN_ACCOUNT))
                .willRespondWith(response -> empty(response, 404)))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "accountNotFound")
  void reports404AsGroupOrMemberNotFound(MockServer mockServer) throws Throwable {
    RemovalOutcome outcome = remove(remover(mockServer), new Membership.Confluence(CONFLUENCE_GROUP,
        UNKNOWN_ACCOUNT));

    assertThat(outcome).isEqualTo(
        new RemovalOutcome.Rejected(RejectionReason.GROUP_OR_MEMBER_NOT_FOUND, 404, List.of()));
  }

  // ---- 429 ----

  @Pact(consumer = Contract.CONSUMER)
  V4Pact rateLimited(PactBuilder builder) {
    return builder.expectsToReceiveHttpInteraction("removal while the caller is rate-limited", interaction ->
            interaction
                .state(States.RATE_LIMITED, Map.of("retryAfterSeconds", RETRY_AFTER_SECONDS))
                .withRequest(request -> removal(request, CONFLUENCE_GROUP, ACCOUNT_IN_GROUP))
                .willRespondWith(response -> empty(response, 429)
                    .header("Retry-After", Matchers.regexp("^[0-9]+$", Integer.toString(RETRY_AFTER_SECONDS)))))
        .toPact();
  }

  @Test
  @PactTestFor(pactMethod = "rateLimited")
  void readsRetryAfterOf429AndSendsNothingBeforeItWhenItIsLongerThanThePolicyWaits(MockServer mockServer)
      throws Throwable {
    List<Duration> retries = new CopyOnWriteArrayList<>();
    Duration bound = Duration.ofSeconds(1);
    MembershipRemover remover = Removals.confluence(vertx, mockServer, noRetries()
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), bound))
        .listener(new RemovalListener() {
          @Override
          public void onRetry(Membership membership, int attempt, int status, Duration delay) {
            retries.add(delay);
          }
        })
        .build());

    Throwable failure = Removals.failureOf(remover, new Membership.Confluence(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP));

    // Retry-After (2 s) is longer than the policy waits (1 s): the retry is not sent early, nor after a backoff.
    assertThat(retries).isEmpty();
    assertThat(failure).isInstanceOfSatisfying(ProviderPausedException.class, paused -> {
      assertThat(paused.provider()).isEqualTo(Provider.CONFLUENCE);
      assertThat(paused.status()).isEqualTo(429);
      assertThat(paused.attempts()).isEqualTo(1);
      assertThat(paused.waited()).isEqualTo(Duration.ofSeconds(RETRY_AFTER_SECONDS));
      assertThat(paused.bound()).isEqualTo(bound);
    });
  }
}
