package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_NO_GROUP;
import static dev.membership.sandbox.SandboxHttp.CONFLUENCE_GROUP;
import static dev.membership.sandbox.SandboxHttp.OAUTH_TOKEN;
import static dev.membership.sandbox.SandboxHttp.bearer;
import static dev.membership.sandbox.SandboxHttp.confluenceAdmin;
import static dev.membership.sandbox.SandboxHttp.confluenceMember;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Confluence's remove-member endpoint over real HTTP, against the demo seed. */
class ConfluenceEndpointTest extends SandboxTestSupport {

  private static final String SECOND_MEMBER = "384093:32b4d9w0-f6a5-3535-11a3-9c8c88d10192";

  private static void assertEmptyTextAnswer(Answer answer, int status) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).isEqualTo("text/plain");
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void removesConfluenceMemberAndAnswers204() {
    Answer answer = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);

    assertEmptyTextAnswer(answer, 204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactly(SECOND_MEMBER);
  }

  @Test
  void seedPostmanItemRemovesTheMemberWithBaseUrlSetToTheSandbox() {
    // The Postman item's raw URL and its oauth2 Authorization header, with {{baseUrl}} = <sandbox>/wiki/rest.
    String raw = "{{baseUrl}}/api/group/userByGroupId?groupId=<string>&accountId=<string>";
    String url = raw.replace("{{baseUrl}}", "/wiki/rest")
        .replaceFirst("<string>", CONFLUENCE_GROUP)
        .replaceFirst("<string>", ACCOUNT_IN_GROUP);

    Answer answer = http.call(HttpMethod.DELETE, url, bearer(OAUTH_TOKEN));

    assertEmptyTextAnswer(answer, 204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).doesNotContain(ACCOUNT_IN_GROUP);
  }

  @Test
  void servesTheSamePathBehindTheOAuthGatewayPrefix() {
    Answer answer = http.call(HttpMethod.DELETE,
        "/ex/confluence/sandbox-cloud-id" + removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), bearer(OAUTH_TOKEN));

    assertEmptyTextAnswer(answer, 204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactly(SECOND_MEMBER);
  }

  @Test
  void answers204WhenConfluenceUserWasNotAMember() {
    Answer answer = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);

    assertEmptyTextAnswer(answer, 204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactlyInAnyOrder(ACCOUNT_IN_GROUP, SECOND_MEMBER);
  }

  @Test
  void secondRemovalOfTheSameMemberAnswers204Again() {
    Answer first = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);
    Answer second = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);

    assertEmptyTextAnswer(first, 204);
    assertEmptyTextAnswer(second, 204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactly(SECOND_MEMBER);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no groupId      | /wiki/rest/api/group/userByGroupId?accountId=5b10ac8d82e05b22cc7d4ef5",
      "blank groupId   | /wiki/rest/api/group/userByGroupId?groupId=&accountId=5b10ac8d82e05b22cc7d4ef5",
      "no accountId    | /wiki/rest/api/group/userByGroupId?groupId=d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
      "blank accountId | /wiki/rest/api/group/userByGroupId?groupId=d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f&accountId=%20",
      "no query        | /wiki/rest/api/group/userByGroupId"})
  void answers400ForMissingParameter(String why, String uri) {
    Answer answer = http.call(HttpMethod.DELETE, uri, confluenceAdmin());

    assertEmptyTextAnswer(answer, 400);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactlyInAnyOrder(ACCOUNT_IN_GROUP, SECOND_MEMBER);
  }

  @Test
  void answers401WithoutCredentials() {
    Answer answer = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), null);

    assertEmptyTextAnswer(answer, 401);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).contains(ACCOUNT_IN_GROUP);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "wrong API token        | Basic YWRtaW5Ac2FuZGJveC50ZXN0Ondyb25nLXRva2Vu",
      "unknown email          | Basic bm9ib2R5QHNhbmRib3gudGVzdDpzYW5kYm94LWFkbWluLXRva2Vu",
      "unknown bearer token   | Bearer not-a-token",
      "empty bearer           | Bearer ",
      "another scheme         | Digest username=admin"})
  void answers401ForBadCredentials(String why, String authorization) {
    Answer answer = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), authorization);

    assertEmptyTextAnswer(answer, 401);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).contains(ACCOUNT_IN_GROUP);
  }

  @Test
  void answers403ForNonAdmin() {
    Answer answer = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), confluenceMember());

    assertEmptyTextAnswer(answer, 403);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).contains(ACCOUNT_IN_GROUP);
  }

  @Test
  void answers404ForUnknownGroup() {
    Answer answer = http.remove("no-such-group", ACCOUNT_IN_GROUP);

    assertEmptyTextAnswer(answer, 404);
  }

  @Test
  void answers404ForUnknownAccount() {
    Answer answer = http.remove(CONFLUENCE_GROUP, "no-such-account");

    assertEmptyTextAnswer(answer, 404);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactlyInAnyOrder(ACCOUNT_IN_GROUP, SECOND_MEMBER);
  }

  @Test
  void answers405ForAnotherMethod() {
    Answer answer = http.call(HttpMethod.POST, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), confluenceAdmin());

    assertEmptyTextAnswer(answer, 405);
    assertThat(answer.header("Allow")).isEqualTo("DELETE");
  }

  @Test
  void countsAnswersByStatus() {
    http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);
    http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), confluenceMember());
    http.remove("no-such-group", ACCOUNT_IN_GROUP);

    JsonObject confluence = http.counters().getJsonObject("confluence");
    assertThat(confluence.getLong("requests")).isEqualTo(3);
    assertThat(confluence.getJsonObject("statuses"))
        .isEqualTo(new JsonObject().put("204", 1).put("403", 1).put("404", 1));
  }
}
