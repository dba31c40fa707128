package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_NO_GROUP;
import static dev.membership.sandbox.SandboxHttp.capillaryAuth;
import static dev.membership.sandbox.SandboxHttp.md5Hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Capillary's leave endpoint over real HTTP, against the demo seed. */
class CapillaryEndpointTest extends SandboxTestSupport {

  private static final JsonObject REMOVED = new JsonObject("{\"warnings\":[],\"errors\":[],\"success\":true}");

  private static JsonObject refusal(int code, String message) {
    return new JsonObject().put("warnings", new JsonArray())
        .put("errors", new JsonArray().add(new JsonObject().put("code", code).put("message", message)
            .put("status", false)))
        .put("success", false);
  }

  @Test
  void removesCapillaryMemberAndAnswers200Success() {
    Answer answer = http.leave(GROUP, "mobile", MOBILE_IN_GROUP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(REMOVED);
    assertThat(http.capillaryMembers(GROUP)).containsExactly(2L, 3L);
  }

  @Test
  void seedCurlRequestRemovesTheCustomerFromGroup3962910() {
    // The seed's curl, with the sandbox's host and credential: same query, same Cookie header.
    Answer answer = SandboxHttp.await(http.send(HttpMethod.DELETE,
        "/v2/userGroup2/3962910/leave?source=INSTORE&identifierName=mobile&identifierValue=918095467895",
        capillaryAuth(), null,
        "Cookie", "_cfuvid=vzCvOnzGrFLOd.qyWq3C1wR4U_d0NN8lePwtil_RTVU-1774957797145-0.0.1.1-604800000"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"warnings\":[],\"errors\":[],\"success\":true}");
    assertThat(http.capillaryMembers(3962910L)).doesNotContain(1L);
  }

  @Test
  void answers1620InA200WhenCustomerIsNotInGroup() {
    Answer answer = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(refusal(1620, "User does not belong to group"));
  }

  @Test
  void secondRemovalOfTheSameCustomerAnswers1620() {
    Answer first = http.leave(GROUP, "mobile", MOBILE_IN_GROUP);
    Answer second = http.leave(GROUP, "mobile", MOBILE_IN_GROUP);

    assertThat(first.json()).isEqualTo(REMOVED);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(refusal(1620, "User does not belong to group"));
  }

  @Test
  void concurrentRemovalsOfOneMemberSucceedExactlyOnce() {
    List<Future<Answer>> answers = http.many(40, HttpMethod.DELETE,
        SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_GROUP), capillaryAuth());

    long successes = answers.stream().filter(answer -> answer.result().json().getBoolean("success")).count();
    long refusals = answers.stream()
        .filter(answer -> answer.result().json().equals(refusal(1620, "User does not belong to group"))).count();
    assertThat(successes).isEqualTo(1);
    assertThat(refusals).isEqualTo(39);
  }

  @Test
  void answers1619InA400ForUnknownGroup() {
    Answer answer = http.leave(999L, "mobile", MOBILE_IN_GROUP);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(refusal(1619, "Invalid group id"));
  }

  @Test
  void answers8015InA400ForUnknownCustomer() {
    Answer answer = http.leave(GROUP, "mobile", "910000000000");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(refusal(8015, "Customer not found for given identifiers"));
  }

  @ParameterizedTest(name = "{0}={1} removes customer {2}")
  @CsvSource({
      "cardExternalId, cardUUID123, 1",
      "email, ravi.kumar@sandbox.test, 2",
      "cardnumber, 4000001003, 3",
      "externalId, EXT-1003, 3"})
  void findsTheCustomerByEveryIdentifierName(String name, String value, long customerId) {
    Answer answer = http.leave(GROUP, name, value);

    assertThat(answer.json()).isEqualTo(REMOVED);
    assertThat(http.capillaryMembers(GROUP)).doesNotContain(customerId).hasSize(2);
  }

  @Test
  void answers8015WhenTheCustomerIsRegisteredInAnotherSource() {
    Answer answer = http.call(HttpMethod.DELETE,
        "/v2/userGroup2/3962910/leave?source=WECHAT&identifierName=mobile&identifierValue=" + MOBILE_IN_GROUP,
        capillaryAuth());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json()).isEqualTo(refusal(8015, "Customer not found for given identifiers"));
    assertThat(http.capillaryMembers(GROUP)).contains(1L);
  }

  @Test
  void sourceAllFindsACustomerOfAnySource() {
    Answer answer = http.call(HttpMethod.DELETE,
        "/v2/userGroup2/3962911/leave?source=ALL&identifierName=mobile&identifierValue=918095467899",
        capillaryAuth());

    assertThat(answer.json()).isEqualTo(REMOVED);
    assertThat(http.capillaryMembers(3962911L)).containsExactly(2L);
  }

  @Test
  void accountIdMustBeTheCustomersOutsideInstore() {
    String uri = "/v2/userGroup2/3962911/leave?source=MARTJACK&identifierName=email"
        + "&identifierValue=online.buyer@sandbox.test&accountId=";

    Answer wrongAccount = http.call(HttpMethod.DELETE, uri + "MJ-999", capillaryAuth());
    Answer rightAccount = http.call(HttpMethod.DELETE, uri + "MJ-100", capillaryAuth());

    assertThat(wrongAccount.json()).isEqualTo(refusal(8015, "Customer not found for given identifiers"));
    assertThat(rightAccount.json()).isEqualTo(REMOVED);
  }

  private static final String QUERY = "source=INSTORE&identifierName=mobile&identifierValue=918095467895";

  @ParameterizedTest(name = "{0} ?{1} -> {2} {3}")
  @CsvSource(delimiter = '|', value = {
      "3962910              | identifierName=mobile&identifierValue=918095467895  | 9901 | source",
      "3962910              | source=instore&identifierName=mobile&identifierValue=1 | 9902 | source",
      "3962910              | source=INSTORE&identifierValue=918095467895         | 9901 | identifierName",
      "3962910              | source=INSTORE&identifierName=phone&identifierValue=1 | 9902 | identifierName",
      "3962910              | source=INSTORE&identifierName=mobile                | 9901 | identifierValue",
      "3962910              | source=INSTORE&identifierName=mobile&identifierValue=%20 | 9902 | identifierValue",
      "3962910              | QUERY&accountId=                                    | 9902 | accountId",
      "abc                  | QUERY                                               | 9902 | groupId",
      "0                    | QUERY                                               | 9902 | groupId",
      "-5                   | QUERY                                               | 9902 | groupId",
      "99999999999999999999 | QUERY                                               | 9902 | groupId",
      "''                   | QUERY                                               | 9902 | groupId"})
  void answers400ForMissingOrInvalidParameter(String groupId, String query, int code, String parameter) {
    String uri = "/v2/userGroup2/" + groupId + "/leave?" + query.replace("QUERY", QUERY);

    Answer answer = http.call(HttpMethod.DELETE, uri, capillaryAuth());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(refusal(code,
        (code == 9901 ? "Missing required parameter: " : "Invalid value for parameter: ") + parameter));
    assertThat(http.capillaryMembers(GROUP)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void answers401WithoutCredentials() {
    Answer answer = http.call(HttpMethod.DELETE, SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_GROUP), null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.json()).isEqualTo(refusal(9903, "Invalid or missing credentials"));
    assertThat(http.capillaryMembers(GROUP)).contains(1L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "clear password instead of its md5 | Basic c2FuZGJveF91c2VyOnNhbmRib3gtcGFzc3dvcmQ=",
      "md5 of another password           | Basic c2FuZGJveF91c2VyOjVmNGRjYzNiNWFhNzY1ZDYxZDgzMjdkZWI4ODJjZjk5",
      "another user                      | Basic c29tZW9uZTo5MTFiN2JmNTViN2IwM2NkZmUyYWY5ZDFlNjhlNDg5Nw==",
      "not base64                        | Basic ###",
      "no colon                          | Basic c2FuZGJveF91c2Vy",
      "a bearer token                    | Bearer sandbox-oauth-token"})
  void answers401ForBadCredentials(String why, String authorization) {
    Answer answer = http.call(HttpMethod.DELETE, SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_GROUP),
        authorization);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json()).isEqualTo(refusal(9903, "Invalid or missing credentials"));
    assertThat(http.capillaryMembers(GROUP)).contains(1L);
  }

  @Test
  void acceptsTheMd5InUpperCaseHex() {
    Answer answer = http.call(HttpMethod.DELETE, SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_GROUP),
        SandboxHttp.capillaryAuth("sandbox_user", md5Hex("sandbox-password").toUpperCase()));

    assertThat(answer.json()).isEqualTo(REMOVED);
  }

  @Test
  void answers405ForAnotherMethod() {
    Answer answer = http.call(HttpMethod.GET, SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_GROUP),
        capillaryAuth());

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("DELETE");
    assertThat(answer.json()).isEqualTo(refusal(9906, "Method not allowed"));
    assertThat(http.capillaryMembers(GROUP)).contains(1L);
  }

  @Test
  void answers404ForAPathOfNeitherProvider() {
    Answer answer = http.call(HttpMethod.DELETE, "/v2/userGroup2/3962910/join", capillaryAuth());

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void countsAnswersByStatus() {
    http.leave(GROUP, "mobile", MOBILE_IN_GROUP);
    http.leave(GROUP, "mobile", MOBILE_IN_GROUP);
    http.leave(999L, "mobile", MOBILE_IN_GROUP);

    JsonObject capillary = http.counters().getJsonObject("capillary");
    assertThat(capillary.getLong("requests")).isEqualTo(3);
    assertThat(capillary.getJsonObject("statuses")).isEqualTo(new JsonObject().put("200", 2).put("400", 1));
  }
}
