package dev.membership.confluence.client;

import static dev.membership.client.support.LoopbackServer.await;
import static dev.membership.client.support.LoopbackServer.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.atlassian.oauth.generated.api.OAuthApiImpl;
import dev.membership.atlassian.oauth.generated.invoker.ApiException;
import dev.membership.atlassian.oauth.generated.invoker.MembershipApiClient;
import dev.membership.atlassian.oauth.generated.model.RefreshRequest;
import dev.membership.atlassian.oauth.generated.model.TokenResponse;
import dev.membership.client.support.LoopbackServer;
import dev.membership.client.support.LoopbackServerTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The client generated from specs/atlassian-oauth-token.yaml, against a real server on loopback. */
class AtlassianOAuthClientTest extends LoopbackServerTest {

  private void answer(int status, String json) {
    server.respond(status, "application/json", json);
  }

  private OAuthApiImpl api() {
    return new OAuthApiImpl(new MembershipApiClient(vertx, new JsonObject().put("basePath", server.baseUrl())));
  }

  private static RefreshRequest refresh(String refreshToken) {
    return new RefreshRequest().grantType(RefreshRequest.GrantTypeEnum.REFRESH_TOKEN).clientId("client-id")
        .clientSecret("client-secret").refreshToken(refreshToken);
  }

  @Test
  void exchangesARefreshTokenForANewPairWithoutAuthentication() {
    answer(200, "{\"access_token\":\"at-2\",\"refresh_token\":\"rt-2\",\"expires_in\":3600,"
        + "\"scope\":\"write:confluence-groups offline_access\",\"token_type\":\"Bearer\"}");

    TokenResponse response = await(api().refreshToken(refresh("rt-1")));

    assertThat(response.getAccessToken()).isEqualTo("at-2");
    assertThat(response.getRefreshToken()).isEqualTo("rt-2");
    assertThat(response.getExpiresIn()).isEqualTo(3600L);
    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(request.path()).isEqualTo("/oauth/token");
    assertThat(request.headers().get("Authorization")).isNull();
    assertThat(request.headers().getAll("Content-Type")).containsExactly("application/json");
    assertThat(new JsonObject(request.body())).isEqualTo(new JsonObject().put("grant_type", "refresh_token")
        .put("client_id", "client-id").put("client_secret", "client-secret").put("refresh_token", "rt-1"));
  }

  @Test
  void aUsedOrUnknownRefreshTokenIsAn403InvalidGrant() {
    answer(403, "{\"error\":\"invalid_grant\",\"error_description\":\"Unknown or invalid refresh token.\"}");

    Throwable failure = awaitFailure(api().refreshToken(refresh("rt-used")));

    assertThat(failure).isInstanceOfSatisfying(ApiException.class, refused -> {
      assertThat(refused.getCode()).isEqualTo(403);
      assertThat(refused.getResponseBody()).contains("invalid_grant");
    });
  }

  @Test
  void theModelsNeverPrintASecretOrToken() {
    TokenResponse issued = new TokenResponse().accessToken("at-secret-2").refreshToken("rt-secret-2").expiresIn(3600L);

    assertThat(refresh("rt-secret-1").toString()).contains("client-id")
        .doesNotContain("client-secret").doesNotContain("rt-secret-1");
    assertThat(issued.toString()).contains("3600").doesNotContain("at-secret-2").doesNotContain("rt-secret-2");
  }
}
