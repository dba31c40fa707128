package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.CONFLUENCE_GROUP;
import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.basic;
import static dev.membership.sandbox.SandboxHttp.md5Hex;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Round trips through the {@code /_sandbox/} admin API, checked through the provider endpoints. */
class AdminApiTest extends SandboxTestSupport {

  private int leaveStatusCode(long groupId, String mobile) {
    Answer answer = http.leave(groupId, "mobile", mobile);
    JsonArray errors = answer.json().getJsonArray("errors");
    return errors.isEmpty() ? 0 : errors.getJsonObject(0).getInteger("code");
  }

  @Test
  void resetRestoresTheInitialStateAndZeroesCounters() {
    http.leave(GROUP, "mobile", MOBILE_IN_GROUP);
    http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);

    JsonObject status = http.adminOk(HttpMethod.POST, "/_sandbox/reset", null);

    assertThat(status.getJsonObject("state")).isEqualTo(new JsonObject(
        "{\"capillary\":{\"groups\":2,\"customers\":5,\"credentials\":1},"
            + "\"confluence\":{\"groups\":2,\"accounts\":4,\"users\":2}}"));
    assertThat(http.capillaryMembers(GROUP)).containsExactly(1L, 2L, 3L);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).contains(ACCOUNT_IN_GROUP);
    assertThat(http.counters().getLong("totalRequests")).isZero();
  }

  @Test
  void putStateReplacesTheWholeState() {
    JsonObject seed = new JsonObject("""
        {"capillary": {"groups": [{"groupId": 77, "members": [{"mobile": "919900000001"}]}]},
         "confluence": {"groups": [{"groupId": "g-1", "name": "team", "members": ["acc-1"]}]}}""");

    JsonObject summary = http.adminOk(HttpMethod.PUT, "/_sandbox/state", seed);

    assertThat(summary.getJsonObject("capillary").getInteger("groups")).isEqualTo(1);
    assertThat(http.admin(HttpMethod.GET, "/_sandbox/capillary/groups/" + GROUP + "/members", null).status())
        .isEqualTo(404);
    assertThat(http.leave(GROUP, "mobile", MOBILE_IN_GROUP).json().getJsonArray("errors").getJsonObject(0)
        .getInteger("code")).isEqualTo(1619);
    assertThat(http.leave(77L, "mobile", "919900000001").json().getBoolean("success")).isTrue();
    assertThat(http.remove("g-1", "acc-1").status()).isEqualTo(204);
    assertThat(http.confluenceMembers("g-1")).isEmpty();
  }

  @Test
  void putStateRejectsAnInvalidSeedAndKeepsTheState() {
    JsonObject seed = new JsonObject("""
        {"capillary": {"customers": [{"id": 1, "mobile": "919900000001"}, {"id": 2, "mobile": "919900000001"}]}}""");

    Answer answer = http.admin(HttpMethod.PUT, "/_sandbox/state", seed);
    Answer typo = http.admin(HttpMethod.PUT, "/_sandbox/state", new JsonObject().put("capilary", new JsonObject()));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().getString("error")).contains("belongs to customer 1");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.json().getString("error")).startsWith("unknown field in seed: capilary");
    assertThat(http.capillaryMembers(GROUP)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void addsANewCustomerToANewGroupInOneCall() {
    JsonObject added = http.adminOk(HttpMethod.POST, "/_sandbox/capillary/groups/555/members",
        new JsonObject().put("mobile", "919911112222").put("email", "new@sandbox.test"));

    assertThat(added.getBoolean("customerCreated")).isTrue();
    assertThat(added.getBoolean("added")).isTrue();
    assertThat(added.getJsonObject("customer").getString("source")).isEqualTo("INSTORE");
    assertThat(http.capillaryMembers(555L)).containsExactly(added.getJsonObject("customer").getLong("id"));
    assertThat(leaveStatusCode(555L, "919911112222")).isZero();
    assertThat(http.capillaryMembers(555L)).isEmpty();
  }

  @Test
  void addsAnExistingCustomerFoundByIdentifier() {
    JsonObject added = http.adminOk(HttpMethod.POST, "/_sandbox/capillary/groups/3962911/members",
        new JsonObject().put("mobile", MOBILE_IN_GROUP));

    assertThat(added.getBoolean("customerCreated")).isFalse();
    assertThat(added.getJsonObject("customer").getLong("id")).isEqualTo(1L);
    assertThat(http.capillaryMembers(3962911L)).containsExactly(1L, 2L, 5L);
  }

  @Test
  void answers409WhenIdentifiersNameTwoCustomers() {
    Answer answer = http.admin(HttpMethod.POST, "/_sandbox/capillary/groups/3962911/members",
        new JsonObject().put("mobile", MOBILE_IN_GROUP).put("email", "ravi.kumar@sandbox.test"));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(http.capillaryMembers(3962911L)).containsExactly(2L, 5L);
  }

  @Test
  void createsACustomerInNoGroupWhoseRemovalAnswers1620() {
    Answer created = http.admin(HttpMethod.POST, "/_sandbox/capillary/customers",
        new JsonObject().put("externalId", "EXT-NEW"));
    Answer again = http.admin(HttpMethod.POST, "/_sandbox/capillary/customers",
        new JsonObject().put("externalId", "EXT-NEW"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getJsonObject("customer").getLong("id"))
        .isEqualTo(created.json().getJsonObject("customer").getLong("id"));
    Answer leave = http.leave(GROUP, "externalId", "EXT-NEW");
    assertThat(leave.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(1620);
  }

  @Test
  void removesAndDeletesThroughTheAdminApi() {
    Answer removed = http.admin(HttpMethod.DELETE, "/_sandbox/capillary/groups/3962910/members/2", null);
    Answer removedAgain = http.admin(HttpMethod.DELETE, "/_sandbox/capillary/groups/3962910/members/2", null);
    assertThat(removed.status()).isEqualTo(204);
    assertThat(removedAgain.status()).isEqualTo(404);
    assertThat(http.capillaryMembers(GROUP)).containsExactly(1L, 3L);

    assertThat(http.admin(HttpMethod.DELETE, "/_sandbox/capillary/groups/3962910", null).status()).isEqualTo(204);
    assertThat(leaveStatusCode(GROUP, MOBILE_IN_GROUP)).isEqualTo(1619);
  }

  @Test
  void createsAnEmptyCapillaryGroupOnce() {
    Answer created = http.admin(HttpMethod.PUT, "/_sandbox/capillary/groups/42", null);
    Answer existing = http.admin(HttpMethod.PUT, "/_sandbox/capillary/groups/42", null);
    Answer invalid = http.admin(HttpMethod.PUT, "/_sandbox/capillary/groups/-1", null);

    assertThat(created.status()).isEqualTo(201);
    assertThat(existing.status()).isEqualTo(200);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(leaveStatusCode(42L, MOBILE_IN_GROUP)).isEqualTo(1620);
    JsonArray groups = http.adminOk(HttpMethod.GET, "/_sandbox/capillary/groups", null).getJsonArray("groups");
    assertThat(groups).contains(new JsonObject().put("groupId", 42).put("members", 0));
  }

  @Test
  void addsAConfluenceMemberToANewGroupInOneCall() {
    JsonObject added = http.adminOk(HttpMethod.POST, "/_sandbox/confluence/groups/new-group/members",
        new JsonObject().put("accountId", "557058:new-account"));

    assertThat(added.getBoolean("added")).isTrue();
    assertThat(http.confluenceMembers("new-group")).containsExactly("557058:new-account");
    assertThat(http.remove("new-group", "557058:new-account").status()).isEqualTo(204);
    assertThat(http.confluenceMembers("new-group")).isEmpty();
  }

  @Test
  void confluenceGroupAndAccountSetUpDecideBetween204And404() {
    Answer unknownAccount = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, "acc-later"),
        SandboxHttp.confluenceAdmin());
    Answer account = http.admin(HttpMethod.POST, "/_sandbox/confluence/accounts",
        new JsonObject().put("accountId", "acc-later"));
    Answer knownAccount = http.remove(CONFLUENCE_GROUP, "acc-later");
    Answer deleted = http.admin(HttpMethod.DELETE, "/_sandbox/confluence/groups/" + CONFLUENCE_GROUP, null);
    Answer deletedGroup = http.remove(CONFLUENCE_GROUP, "acc-later");
    Answer created = http.admin(HttpMethod.PUT, "/_sandbox/confluence/groups/" + CONFLUENCE_GROUP,
        new JsonObject().put("name", "recreated"));

    assertThat(unknownAccount.status()).isEqualTo(404);
    assertThat(account.status()).isEqualTo(201);
    assertThat(knownAccount.status()).isEqualTo(204);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deletedGroup.status()).isEqualTo(404);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("name")).isEqualTo("recreated");
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).isEmpty();
  }

  @Test
  void removesAConfluenceMemberThroughTheAdminApi() {
    Answer removed = http.admin(HttpMethod.DELETE,
        "/_sandbox/confluence/groups/" + CONFLUENCE_GROUP + "/members/384093%3A32b4d9w0-f6a5-3535-11a3-9c8c88d10192",
        null);

    assertThat(removed.status()).isEqualTo(204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).containsExactly(ACCOUNT_IN_GROUP);
  }

  @Test
  void listsConfluenceGroupsWithNamesAndCounts() {
    JsonArray groups = http.adminOk(HttpMethod.GET, "/_sandbox/confluence/groups", null).getJsonArray("groups");

    assertThat(groups).containsExactly(
        new JsonObject().put("groupId", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e").put("name", "site-editors")
            .put("members", 1),
        new JsonObject().put("groupId", CONFLUENCE_GROUP).put("name", "confluence-users").put("members", 2));
  }

  @Test
  void addedCredentialsAuthenticate() {
    http.adminOk(HttpMethod.POST, "/_sandbox/capillary/credentials",
        new JsonObject().put("username", "till_user").put("passwordMd5", md5Hex("till-pass")));
    http.adminOk(HttpMethod.POST, "/_sandbox/confluence/users",
        new JsonObject().put("email", "second@sandbox.test").put("apiToken", "second-token").put("siteAdmin", true));
    http.adminOk(HttpMethod.POST, "/_sandbox/confluence/users",
        new JsonObject().put("email", "viewer@sandbox.test").put("apiToken", "viewer-token"));

    Answer capillary = http.call(HttpMethod.DELETE, SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_GROUP),
        basic("till_user", md5Hex("till-pass")));
    Answer admin = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP),
        basic("second@sandbox.test", "second-token"));
    Answer viewer = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP),
        basic("viewer@sandbox.test", "viewer-token"));

    assertThat(capillary.json().getBoolean("success")).isTrue();
    assertThat(admin.status()).isEqualTo(204);
    assertThat(viewer.status()).isEqualTo(403);
  }

  @Test
  void answersUnknownPathsMethodsAndBodiesWithJsonErrors() {
    Answer unknown = http.admin(HttpMethod.GET, "/_sandbox/nothing", null);
    Answer wrongMethod = http.admin(HttpMethod.DELETE, "/_sandbox/state", null);
    Answer notJson = SandboxHttp.await(http.send(HttpMethod.PUT, "/_sandbox/state", null, "{not json"));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json()).isEqualTo(new JsonObject().put("error", "the body is not a JSON object"));
    assertThat(unknown.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void countersCountEveryProviderAnswerAndZeroOnDelete() {
    http.leave(GROUP, "mobile", MOBILE_IN_GROUP);
    http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);
    http.call(HttpMethod.GET, "/elsewhere", null);

    JsonObject counters = http.counters();
    JsonObject zeroed = http.adminOk(HttpMethod.DELETE, "/_sandbox/counters", null);

    assertThat(counters.getLong("totalRequests")).isEqualTo(3);
    assertThat(counters.getLong("unmatchedRequests")).isEqualTo(1);
    assertThat(counters.getJsonObject("capillary").getJsonObject("statuses"))
        .isEqualTo(new JsonObject().put("200", 1));
    assertThat(counters.getJsonObject("confluence").getJsonObject("statuses"))
        .isEqualTo(new JsonObject().put("204", 1));
    assertThat(zeroed.getLong("totalRequests")).isZero();
  }
}
