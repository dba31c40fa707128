package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.CONFLUENCE_GROUP;
import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.bearer;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Both token endpoints over real HTTP: issue, lifetime, rotation, refusal and revocation. */
class TokenEndpointsTest extends SandboxTestSupport {

  private static final String GATEWAY = "/ex/confluence/sandbox-cloud";

  private Answer leaveWith(String token) {
    return http.leaveWithToken(GROUP, MOBILE_IN_GROUP, token);
  }

  private String capillaryToken() {
    Answer answer = http.generateToken("sandbox-client-key", "sandbox-client-secret");
    assertThat(answer.status()).isEqualTo(200);
    return answer.json().getJsonObject("data").getString("accessToken");
  }

  private JsonObject counted(String provider) {
    return http.counters().getJsonObject(provider);
  }

  @Test
  void capillaryIssuesATokenThatTheRemovalTakesInItsOwnHeader() {
    Answer issued = http.generateToken("sandbox-client-key", "sandbox-client-secret");

    assertThat(issued.status()).isEqualTo(200);
    assertThat(issued.header("Content-Type")).isEqualTo("application/json");
    JsonObject data = issued.json().getJsonObject("data");
    assertThat(data.getLong("ttlSeconds")).isEqualTo(3600);
    assertThat(issued.json().containsKey("errors")).isTrue();
    assertThat(issued.json().getValue("errors")).isNull();
    assertThat(leaveWith(data.getString("accessToken")).json().getBoolean("success")).isTrue();
    assertThat(counted("capillary").getLong("tokensIssued")).isEqualTo(1);
  }

  @Test
  void capillaryRefusesAWrongSecretAndAMissingKey() {
    Answer wrong = http.generateToken("sandbox-client-key", "not-the-secret");
    Answer missing = http.postJson("/v3/oauth/token/generate", "{\"secret\":\"sandbox-client-secret\"}");

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().getValue("data")).isNull();
    assertThat(wrong.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(9907);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(counted("capillary").getLong("tokensRefused")).isEqualTo(2);
    assertThat(counted("capillary").getLong("tokensIssued")).isZero();
  }

  @Test
  void aTokenThatWasNeverIssuedOrHasExpiredIsRefused() throws InterruptedException {
    http.adminOk(HttpMethod.PUT, "/_sandbox/oauth", new JsonObject().put("tokenLifetimeSeconds", 1));
    String token = capillaryToken();

    assertThat(leaveWith("cap-sandbox-made-up").status()).isEqualTo(401);
    Thread.sleep(1_100);
    assertThat(leaveWith(token).status()).isEqualTo(401);
    assertThat(http.capillaryMembers(GROUP)).isNotEmpty();
  }

  @Test
  void anAccessTokenTheSeedListsForAnApiClientIsAcceptedUntilRevoked() {
    JsonObject client = new JsonObject().put("key", "seeded-client").put("secret", "seeded-secret")
        .put("accessTokens", new JsonArray().add("seeded-access-token"));
    http.adminOk(HttpMethod.PUT, "/_sandbox/state", new JsonObject().put("capillary", new JsonObject()
        .put("oauthClients", new JsonArray().add(client))
        .put("groups", new JsonArray().add(new JsonObject().put("groupId", GROUP)
            .put("members", new JsonArray().add(new JsonObject().put("mobile", MOBILE_IN_GROUP)))))));

    assertThat(leaveWith("another-access-token").status()).isEqualTo(401);
    assertThat(leaveWith("seeded-access-token").json().getBoolean("success")).isTrue();
    http.adminOk(HttpMethod.POST, "/_sandbox/oauth/revoke", new JsonObject().put("provider", "capillary"));
    assertThat(leaveWith("seeded-access-token").status()).isEqualTo(401);
    assertThat(http.admin(HttpMethod.POST, "/_sandbox/capillary/oauth-clients", client.copy()
        .put("accessTokens", new JsonArray().add(" "))).json().getString("error"))
        .isEqualTo("a Capillary OAuth client's access token is blank");
  }

  @Test
  void atlassianRotatesTheRefreshTokenAndRefusesTheOneUsed() {
    Answer first = http.refresh("sandbox-oauth-client", "sandbox-oauth-secret", "sandbox-refresh-token");
    Answer reused = http.refresh("sandbox-oauth-client", "sandbox-oauth-secret", "sandbox-refresh-token");
    Answer second = http.refresh("sandbox-oauth-client", "sandbox-oauth-secret",
        first.json().getString("refresh_token"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getString("token_type")).isEqualTo("Bearer");
    assertThat(first.json().getLong("expires_in")).isEqualTo(3600);
    assertThat(first.json().getString("refresh_token")).isNotEqualTo("sandbox-refresh-token");
    assertThat(reused.status()).isEqualTo(403);
    assertThat(reused.json()).isEqualTo(new JsonObject().put("error", "invalid_grant")
        .put("error_description", "Unknown or invalid refresh token."));
    assertThat(second.status()).isEqualTo(200);
    assertThat(counted("confluence").getLong("tokensIssued")).isEqualTo(2);
    assertThat(counted("confluence").getLong("tokensRefused")).isEqualTo(1);
  }

  @Test
  void atlassianRefusesAWrongClientSecretAndAnotherGrant() {
    Answer wrong = http.refresh("sandbox-oauth-client", "not-the-secret", "sandbox-refresh-token");
    Answer grant = http.postJson("/oauth/token", new JsonObject().put("grant_type", "authorization_code")
        .put("client_id", "sandbox-oauth-client").put("client_secret", "sandbox-oauth-secret")
        .put("refresh_token", "sandbox-refresh-token").encode());
    Answer stillValid = http.refresh("sandbox-oauth-client", "sandbox-oauth-secret", "sandbox-refresh-token");

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().getString("error")).isEqualTo("access_denied");
    assertThat(grant.status()).isEqualTo(400);
    assertThat(grant.json().getString("error")).isEqualTo("invalid_request");
    assertThat(stillValid.status()).as("a refused request does not use up the refresh token").isEqualTo(200);
  }

  @Test
  void anAtlassianTokenWorksThroughTheGatewayOnly() {
    String token = http.refresh("sandbox-oauth-client", "sandbox-oauth-secret", "sandbox-refresh-token").json()
        .getString("access_token");

    Answer site = http.call(HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), bearer(token));
    Answer gateway = http.call(HttpMethod.DELETE, GATEWAY + removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP),
        bearer(token));

    assertThat(site.status()).isEqualTo(401);
    assertThat(gateway.status()).isEqualTo(204);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).doesNotContain(ACCOUNT_IN_GROUP);
  }

  @Test
  void aRevocationEndsEveryTokenAndWhatIssuesThemOfThatProviderOnly() {
    String capillary = capillaryToken();
    Answer issued = http.refresh("sandbox-oauth-client", "sandbox-oauth-secret", "sandbox-refresh-token");
    String confluence = issued.json().getString("access_token");

    http.adminOk(HttpMethod.POST, "/_sandbox/oauth/revoke", new JsonObject().put("provider", "confluence"));

    assertThat(http.call(HttpMethod.DELETE, GATEWAY + removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP),
        bearer(confluence)).status()).isEqualTo(401);
    assertThat(http.refresh("sandbox-oauth-client", "sandbox-oauth-secret", issued.json().getString("refresh_token"))
        .status()).isEqualTo(403);
    assertThat(leaveWith(capillary).status()).isEqualTo(200);

    http.adminOk(HttpMethod.POST, "/_sandbox/oauth/revoke", null);

    assertThat(leaveWith(capillary).status()).isEqualTo(401);
    assertThat(http.generateToken("sandbox-client-key", "sandbox-client-secret").status()).isEqualTo(401);
  }

  @Test
  void theAdminApiRefusesALifetimeOutOfRangeOrAnUnknownProvider() {
    assertThat(http.admin(HttpMethod.PUT, "/_sandbox/oauth", new JsonObject().put("tokenLifetimeSeconds", 0))
        .status()).isEqualTo(400);
    assertThat(http.admin(HttpMethod.POST, "/_sandbox/oauth/revoke", new JsonObject().put("provider", "jira"))
        .status()).isEqualTo(400);
    assertThat(http.adminOk(HttpMethod.GET, "/_sandbox/oauth", null).getInteger("tokenLifetimeSeconds"))
        .isEqualTo(3600);
  }
}
