package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.basic;
import static dev.membership.sandbox.SandboxHttp.capillaryAuth;
import static dev.membership.sandbox.SandboxHttp.confluenceAdmin;
import static dev.membership.sandbox.SandboxHttp.leaveUri;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
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
    Answer answer = change(state, null, "setup");
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

  @Test
  void neverAnswersACredential() {
    Answer answer = change("the caller is not a site admin", null, "setup");

    assertThat(answer.body()).doesNotContain("sandbox-admin-token", "sandbox-oauth-token",
        basic("admin@sandbox.test", "sandbox-admin-token").substring("Basic ".length()));
  }
}
