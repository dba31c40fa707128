package dev.membership.capillary.client;

import static dev.membership.client.support.LoopbackServer.await;
import static dev.membership.client.support.LoopbackServer.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.capillary.generated.api.UserGroupApiImpl;
import dev.membership.capillary.generated.model.IdentifierName;
import dev.membership.capillary.generated.model.Source;
import dev.membership.capillary.oauth.generated.api.OAuthApiImpl;
import dev.membership.capillary.oauth.generated.invoker.ApiException;
import dev.membership.capillary.oauth.generated.invoker.MembershipApiClient;
import dev.membership.capillary.oauth.generated.model.TokenRequest;
import dev.membership.capillary.oauth.generated.model.TokenResponse;
import dev.membership.client.support.LoopbackServer;
import dev.membership.client.support.LoopbackServerTest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The client generated from specs/capillary-oauth-token.yaml, and the removal client's OAuth scheme, against a
 * real server on loopback.
 */
class CapillaryOAuthClientTest extends LoopbackServerTest {

  private void answer(int status, String json) {
    server.respond(status, "application/json", json);
  }

  private OAuthApiImpl api() {
    return new OAuthApiImpl(new MembershipApiClient(vertx, new JsonObject().put("basePath", server.baseUrl())));
  }

  @Test
  void generatesATokenFromTheKeyAndSecretWithoutAuthentication() {
    answer(200, "{\"data\":{\"accessToken\":\"eyJ.token.sig\",\"ttlSeconds\":300},\"errors\":null}");

    TokenResponse response = await(api().generateToken(new TokenRequest().key("client-key").secret("client-secret")));

    assertThat(response.getData().getAccessToken()).isEqualTo("eyJ.token.sig");
    assertThat(response.getData().getTtlSeconds()).isEqualTo(300L);
    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(request.path()).isEqualTo("/v3/oauth/token/generate");
    assertThat(request.headers().get("Authorization")).isNull();
    assertThat(request.headers().getAll("Content-Type")).containsExactly("application/json");
    assertThat(new JsonObject(request.body()))
        .isEqualTo(new JsonObject().put("key", "client-key").put("secret", "client-secret"));
  }

  @Test
  void aRefusedKeyIsAnApiExceptionWithTheStatusAndTheBody() {
    answer(401, "{\"data\":null,\"errors\":[{\"code\":9903,\"message\":\"Invalid or missing credentials\"}]}");

    Throwable failure = awaitFailure(api().generateToken(new TokenRequest().key("k").secret("wrong")));

    assertThat(failure).isInstanceOfSatisfying(ApiException.class, refused -> {
      assertThat(refused.getCode()).isEqualTo(401);
      assertThat(refused.getResponseBody()).contains("9903");
    });
  }

  @Test
  void theRemovalClientSendsAnAccessTokenInItsOwnHeaderAndNoBasicAuthentication() {
    server.respond(200, "application/json", "{\"warnings\":[],\"errors\":[],\"success\":true}");
    dev.membership.capillary.generated.invoker.MembershipApiClient client =
        new dev.membership.capillary.generated.invoker.MembershipApiClient(vertx,
            new JsonObject().put("basePath", server.baseUrl()));
    client.setApiKey("eyJ.token.sig");

    await(new UserGroupApiImpl(client).leaveUserGroup(3962910L, Source.INSTORE, IdentifierName.MOBILE,
        "918095467895", null));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.headers().get("X-CAP-API-OAUTH-TOKEN")).isEqualTo("eyJ.token.sig");
    assertThat(request.headers().get("Authorization")).isNull();
  }

  @Test
  void theModelsNeverPrintTheSecretOrTheToken() {
    TokenRequest request = new TokenRequest().key("client-key").secret("client-secret-1");
    TokenResponse issued = new TokenResponse().data(new dev.membership.capillary.oauth.generated.model.Token()
        .accessToken("eyJ.secret.token").ttlSeconds(300L));

    assertThat(request.toString()).contains("client-key").doesNotContain("client-secret-1");
    assertThat(issued.toString()).contains("300").doesNotContain("eyJ.secret.token");
  }
}
