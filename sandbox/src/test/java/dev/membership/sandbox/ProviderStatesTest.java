package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.basic;
import static dev.membership.sandbox.SandboxHttp.capillaryAuth;
import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.confluenceAdmin;
import static dev.membership.sandbox.SandboxHttp.leaveUri;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pact's state change requests at {@code /_sandbox/provider-states}: each sentence, checked through the provider
 * endpoint it prepares.
 */
class ProviderStatesTest extends SandboxTestSupport {

  private static final String STATES = "/_sandbox/provider-states";
  private static final String GROUP_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

  private Answer change(String state, JsonObject params, String action) {
    JsonObject body = new JsonObject().put("state", state);
    if (params != null) {
      body.put("params", params);
    }
    if (action != null) {
      body.put("action", action);
    }
    return http.admin(HttpMethod.POST, STATES, body);
  }

  private void setUp(String state) {
    setUp(state, null);
  }

  private void setUp(String state, JsonObject params) {
    Answer answer = change(state, params, "setup");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
  }

  private Answer leave(long groupId, String mobile) {
    return http.call(HttpMethod.DELETE, leaveUri(groupId, "mobile", mobile), capillaryAuth());
  }

  private int firstErrorCode(Answer answer) {
    return answer.json().getJsonArray("errors").getJsonObject(0).getInteger("code");
  }

  @Test
  void customerInGroupStateLetsTheCustomerLeaveOnce() {
    Answer answer = change("customer with mobile 919000000001 is in group 42",
        new JsonObject().put("mobile", "919000000001").put("groupId", 42), "setup");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(new JsonObject()
        .put("state", "customer with mobile 919000000001 is in group 42").put("action", "setup"));
    assertThat(leave(42, "919000000001").json().getBoolean("success")).isTrue();
    assertThat(firstErrorCode(leave(42, "919000000001"))).isEqualTo(1620);
  }

  @Test
  void customerNotInGroupStateAnswers200With1620() {
    setUp("customer with mobile 919000000002 exists and is not in group 42");

    Answer answer = leave(42, "919000000002");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(firstErrorCode(answer)).isEqualTo(1620);
  }

  @Test
  void unknownCustomerStateAnswers400With8015() {
    setUp("group 42 exists and no customer has mobile 919000000003");

    Answer answer = leave(42, "919000000003");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(firstErrorCode(answer)).isEqualTo(8015);
  }

  @Test
  void missingGroupStateAnswers400With1619EvenForTheDemoGroup() {
    setUp("customer group 3962910 does not exist");

    Answer answer = leave(3962910L, "918095467895");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(firstErrorCode(answer)).isEqualTo(1619);
  }

  @Test
  void confluenceMembershipStatesAnswer204And404() {
    setUp("account acc-1 is in group " + GROUP_ID);
    assertThat(http.confluenceMembers(GROUP_ID)).containsExactly("acc-1");
    assertThat(http.remove(GROUP_ID, "acc-1").status()).isEqualTo(204);
    assertThat(http.confluenceMembers(GROUP_ID)).isEmpty();

    setUp("account acc-2 exists and is not in group " + GROUP_ID);
    assertThat(http.remove(GROUP_ID, "acc-2").status()).isEqualTo(204);

    setUp("group " + GROUP_ID + " exists and account acc-3 does not exist");
    assertThat(http.remove(GROUP_ID, "acc-3").status()).isEqualTo(404);
  }

  @Test
  void credentialStatesRefuseTheDefaultCredentials() {
    setUp("the caller's credentials are not accepted");
    assertThat(leave(3962910L, "918095467895").status()).isEqualTo(401);
    assertThat(http.remove(GROUP_ID, "acc-1").status()).isEqualTo(401);

    setUp("the caller is not a site admin");
    assertThat(http.remove(GROUP_ID, "acc-1").status()).isEqualTo(403);
  }

  @Test
  void faultStatesAnswerEveryRequestWithTheirStatus() {
    setUp("every request is rate-limited with Retry-After 30");
    Answer limited = http.call(HttpMethod.DELETE, removeUri(GROUP_ID, "acc-1"), confluenceAdmin());
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.headers().get("Retry-After")).isEqualTo("30");
    assertThat(limited.body()).isEmpty();

    setUp("every request fails with HTTP 500");
    Answer failed = leave(3962910L, "918095467895");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.json().getBoolean("success")).isFalse();
  }

  @Test
  void setupClearsTheFaultsOfThePreviousState() {
    setUp("every request fails with HTTP 500");

    setUp("customer with mobile 919000000004 is in group 7");

    assertThat(leave(7, "919000000004").status()).isEqualTo(200);
  }

  @Test
  void actionDefaultsToSetupAndTeardownRestoresTheInitialState() {
    setUp("customer group 3962910 does not exist");
    assertThat(change("customer group 3962910 does not exist", null, null).status()).isEqualTo(200);
    assertThat(firstErrorCode(leave(3962910L, "918095467895"))).isEqualTo(1619);

    assertThat(change("customer group 3962910 does not exist", null, "teardown").status()).isEqualTo(200);

    assertThat(leave(3962910L, "918095467895").json().getBoolean("success")).isTrue();
  }

  @Test
  void acceptsTheStateAsQueryParametersWhenThereIsNoBody() {
    Answer answer = http.admin(HttpMethod.POST,
        STATES + "?state=group%2042%20exists%20and%20no%20customer%20has%20mobile%20919000000005&groupId=42", null);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(firstErrorCode(leave(42, "919000000005"))).isEqualTo(8015);
  }

  @Test
  void rejectsParamsThatContradictTheSentence() {
    Answer answer = change("customer with mobile 919000000001 is in group 42",
        new JsonObject().put("mobile", "919000000009"), "setup");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getString("error"))
        .isEqualTo("param mobile is 919000000009 but the state says 919000000001");
  }

  @Test
  void rejectsAnUnknownSentenceNamingTheKnownOnes() {
    Answer answer = change("customer 1 is happy", null, "setup");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getString("error"))
        .startsWith("unknown provider state: \"customer 1 is happy\"; known: [customer with mobile {mobile} is in");
  }

  @Test
  void malformedGroupIdStateAnswers400ToThatGroupOnly() {
    setUp("group id not-a-group-id is malformed");

    assertThat(http.remove("not-a-group-id", "acc-1").status()).isEqualTo(400);
    assertThat(http.remove(GROUP_ID, "acc-1").status()).isEqualTo(404);
  }

  // ---- credentials a pact carries, as params of their own ----

  private static final String CUSTOMER_IN_GROUP_42 = "customer with mobile 919000000001 is in group 42";

  private static JsonObject customerInGroup42(JsonObject credentials) {
    return credentials.copy().put("mobile", "919000000001").put("groupId", 42);
  }

  private static JsonObject apiClient() {
    return new JsonObject().put("clientKey", "pact-client-key").put("clientSecret", "pact-client-secret")
        .put("accessToken", "pact-access-token");
  }

  private static JsonObject app() {
    return new JsonObject().put("clientId", "pact-app").put("clientSecret", "pact-app-secret")
        .put("refreshToken", "pact-refresh-token");
  }

  @Test
  void customerInGroupStateAcceptsTheApiClientAndAccessTokenItsParamsNameBesidesTheDefaults() {
    Answer answer = change(CUSTOMER_IN_GROUP_42, customerInGroup42(apiClient()), "setup");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);

    assertThat(http.generateToken("pact-client-key", "pact-client-secret").status()).isEqualTo(200);
    assertThat(http.generateToken(SandboxCredentials.CAPILLARY_CLIENT_KEY,
        SandboxCredentials.CAPILLARY_CLIENT_SECRET).status()).isEqualTo(200);
    assertThat(http.generateToken("pact-client-key", "another-secret").status()).isEqualTo(401);
    assertThat(http.leaveWithToken(42, "919000000001", "another-access-token").status()).isEqualTo(401);
    Answer removal = http.leaveWithToken(42, "919000000001", "pact-access-token");
    assertThat(removal.status()).isEqualTo(200);
    assertThat(removal.json().getBoolean("success")).isTrue();
  }

  @Test
  void refreshTokenStatesSpeakOfTheAppTheirParamsName() {
    setUp("the app's refresh token is valid", app());
    Answer refreshed = http.refresh("pact-app", "pact-app-secret", "pact-refresh-token");
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().getString("refresh_token")).isNotEqualTo("pact-refresh-token");
    assertThat(http.refresh(SandboxCredentials.ATLASSIAN_CLIENT_ID, SandboxCredentials.ATLASSIAN_CLIENT_SECRET,
        SandboxCredentials.ATLASSIAN_REFRESH_TOKEN).status()).isEqualTo(200);

    setUp("the app's refresh token was used already", app());
    Answer used = http.refresh("pact-app", "pact-app-secret", "pact-refresh-token");
    assertThat(used.status()).isEqualTo(403);
    assertThat(used.json().getString("error")).isEqualTo("invalid_grant");
    assertThat(http.refresh("pact-app", "another-secret", "pact-refresh-token").status()).isEqualTo(401);
  }

  @Test
  void teardownForgetsTheCredentialsAStateRegistered() {
    setUp(CUSTOMER_IN_GROUP_42, customerInGroup42(apiClient()));

    assertThat(change(CUSTOMER_IN_GROUP_42, customerInGroup42(apiClient()), "teardown").status()).isEqualTo(200);

    assertThat(http.generateToken("pact-client-key", "pact-client-secret").status()).isEqualTo(401);
    assertThat(http.leaveWithToken(GROUP, MOBILE_IN_GROUP, "pact-access-token").status()).isEqualTo(401);
  }

  @Test
  void rejectsIncompleteOrMisplacedCredentialParamsNamingThemButNotTheirValues() {
    Answer half = change(CUSTOMER_IN_GROUP_42, customerInGroup42(apiClient().copy().put("clientSecret", "")), null);
    Answer keyOnly = change(CUSTOMER_IN_GROUP_42, customerInGroup42(new JsonObject()
        .put("clientKey", "pact-client-key")), null);
    Answer tokenOnly = change(CUSTOMER_IN_GROUP_42, customerInGroup42(new JsonObject()
        .put("accessToken", "pact-access-token")), null);
    Answer misplaced = change("account acc-1 is in group " + GROUP_ID, new JsonObject()
        .put("clientSecret", "pact-client-secret"), null);
    Answer appHalf = change("the app's refresh token is valid", app().copy().put("clientSecret", 42), null);

    assertThat(List.of(half, keyOnly, tokenOnly, misplaced, appHalf)).extracting(Answer::status).containsOnly(400);
    assertThat(List.of(half, keyOnly, tokenOnly, misplaced, appHalf)).extracting(a -> a.json().getString("error"))
        .containsExactly("param clientSecret must be a non-blank string",
            "params clientKey, clientSecret go together",
            "param accessToken needs clientKey and clientSecret",
            "param clientSecret is not part of the state",
            "param clientSecret must be a non-blank string");
    assertThat(List.of(half, keyOnly, tokenOnly, misplaced, appHalf)).extracting(Answer::body)
        .noneMatch(body -> body.contains("pact-client") || body.contains("pact-access") || body.contains("pact-app"));
  }

  @Test
  void neverAnswersACredential() {
    Answer answer = change("the caller is not a site admin", null, "setup");

    assertThat(answer.body()).doesNotContain("sandbox-admin-token", "sandbox-oauth-token",
        basic("admin@sandbox.test", "sandbox-admin-token").substring("Basic ".length()));
  }
}
