package dev.membership.confluence.client;

import static dev.membership.client.support.LoopbackServer.await;
import static dev.membership.client.support.LoopbackServer.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.client.support.ExchangeHandler;
import dev.membership.client.support.LoopbackServer;
import dev.membership.client.support.LoopbackServerTest;
import dev.membership.client.support.TransportFailureException;
import dev.membership.confluence.generated.api.GroupApi;
import dev.membership.confluence.generated.api.GroupApiImpl;
import dev.membership.confluence.generated.invoker.ApiClient;
import dev.membership.confluence.generated.invoker.ApiException;
import dev.membership.confluence.generated.invoker.MembershipApiClient;
import io.vertx.core.AsyncResult;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generated Confluence client, through {@link MembershipApiClient}, against a real server on loopback. */
class ConfluenceGeneratedClientTest extends LoopbackServerTest {

  private static final String ACCOUNT = "5b10ac8d82e05b22cc7d4ef5";

  private MembershipApiClient client(String baseUrl) {
    return new MembershipApiClient(vertx, new JsonObject().put("basePath", baseUrl));
  }

  private GroupApi basicAuthApi() {
    MembershipApiClient client = client(server.baseUrl());
    client.setUsername("admin@example.com");
    client.setPassword("api-token-123");
    return new GroupApiImpl(client);
  }

  @Test
  void sendsDeleteWithGroupIdAndAccountIdQuery() {
    await(basicAuthApi().removeMemberFromGroupByGroupId("d4b1f2c0-group", ACCOUNT));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.method()).isEqualTo(HttpMethod.DELETE);
    assertThat(request.path()).isEqualTo("/wiki/rest/api/group/userByGroupId");
    assertThat(request.params().names()).containsExactlyInAnyOrder("groupId", "accountId");
    assertThat(request.params().get("groupId")).isEqualTo("d4b1f2c0-group");
    assertThat(request.params().get("accountId")).isEqualTo(ACCOUNT);
  }

  @Test
  void encodesPlusAtUnicodeAndReservedCharactersSoServerDecodesThemBack() {
    String groupId = "a+b@x.com";
    String accountId = "ü € &=#?/";

    await(basicAuthApi().removeMemberFromGroupByGroupId(groupId, accountId));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.params().getAll("groupId")).containsExactly(groupId);
    assertThat(request.params().getAll("accountId")).containsExactly(accountId);
    assertThat(request.params().names()).containsExactlyInAnyOrder("groupId", "accountId");
  }

  @Test
  void sendsBasicAuthFromEmailAndApiToken() {
    await(basicAuthApi().removeMemberFromGroupByGroupId("g", ACCOUNT));

    String expected = "Basic " + Base64.getEncoder()
        .encodeToString("admin@example.com:api-token-123".getBytes(StandardCharsets.UTF_8));
    assertThat(server.onlyRequest().headers().getAll("Authorization")).containsExactly(expected);
  }

  @Test
  void sendsTheNewCredentialOnceItIsChanged() {
    MembershipApiClient client = client(server.baseUrl());
    client.setUsername("admin@example.com");
    client.setPassword("api-token-123");
    GroupApi api = new GroupApiImpl(client);
    await(api.removeMemberFromGroupByGroupId("g", ACCOUNT));

    client.setPassword("rotated-token-456");
    await(api.removeMemberFromGroupByGroupId("g", ACCOUNT));
    client.setUsername(null);
    client.setPassword(null);
    client.setAccessToken("oauth-access-token");
    await(api.removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(server.requests()).extracting(request -> request.headers().get("Authorization")).containsExactly(
        "Basic " + Base64.getEncoder().encodeToString("admin@example.com:api-token-123".getBytes(StandardCharsets.UTF_8)),
        "Basic " + Base64.getEncoder().encodeToString("admin@example.com:rotated-token-456".getBytes(StandardCharsets.UTF_8)),
        "Bearer oauth-access-token");
  }

  @Test
  void sendsBearerTokenForOAuth() {
    MembershipApiClient client = client(server.baseUrl());
    client.setAccessToken("oauth-access-token");

    await(new GroupApiImpl(client).removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(server.onlyRequest().headers().getAll("Authorization")).containsExactly("Bearer oauth-access-token");
  }

  @Test
  void sendsExactlyOneAuthorizationHeaderWhenBothSchemesAreConfigured() {
    MembershipApiClient client = client(server.baseUrl());
    client.setUsername("admin@example.com");
    client.setPassword("api-token-123");
    client.setAccessToken("oauth-access-token");

    await(new GroupApiImpl(client).removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(server.onlyRequest().headers().getAll("Authorization")).singleElement()
        .asString().startsWith("Basic ");
  }

  @Test
  void sendsNeitherCookieNorContentTypeOnBodilessDelete() {
    await(basicAuthApi().removeMemberFromGroupByGroupId("g", ACCOUNT));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.headers().contains("Cookie")).as("Cookie header").isFalse();
    assertThat(request.headers().contains("Content-Type")).as("Content-Type header").isFalse();
  }

  @Test
  void completesWithNullOn204() {
    Void result = await(basicAuthApi().removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(result).isNull();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void exposesStatusHeadersAndBodyOf429() {
    server.respondWith(request -> request.response().setStatusCode(429).putHeader("Retry-After", "7")
        .putHeader("Content-Type", "text/plain").end("Rate limit exceeded"));

    Throwable failure = awaitFailure(basicAuthApi().removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(failure).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getCode()).isEqualTo(429);
      assertThat(e.getResponseHeaders().get("Retry-After")).isEqualTo("7");
      assertThat(e.getResponseBody()).isEqualTo("Rate limit exceeded");
    });
  }

  @Test
  void exposesStatusOfEmpty403() {
    server.respond(403, null, null);

    Throwable failure = awaitFailure(basicAuthApi().removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(failure).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getCode()).isEqualTo(403);
      assertThat(e.getResponseBody()).isNull();
    });
  }

  @Test
  void reportsConnectionRefusedAsTransportFailureWithItsCause() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    MembershipApiClient client = client("http://127.0.0.1:" + closedPort);
    client.setAccessToken("oauth-access-token");

    Throwable failure = awaitFailure(new GroupApiImpl(client).removeMemberFromGroupByGroupId("g", ACCOUNT));

    assertThat(failure).isInstanceOf(TransportFailureException.class)
        .hasMessageNotContaining("oauth-access-token")
        .hasMessageNotContaining(ACCOUNT);
    assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
  }

  @Test
  void abortingASentExchangeClosesItsConnectionAndTheNextRequestGoesOutOverANewOne() {
    Set<Object> connections = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    server.respondWith(request -> {
      connections.add(request.connection());
      if (requests.incrementAndGet() > 1) {
        request.response().setStatusCode(204).end();
      }
      // the first request is never answered
    });
    MembershipApiClient client = client(server.baseUrl());
    client.setAccessToken("oauth-access-token");
    GroupApi api = new GroupApiImpl(client);
    Promise<Runnable> sent = Promise.promise();
    Promise<Void> unanswered = Promise.promise();
    api.removeMemberFromGroupByGroupId("g", ACCOUNT, new ExchangeHandler<Void>() {
      @Override
      public void sent(Runnable abort) {
        sent.complete(abort);
      }

      @Override
      public void handle(AsyncResult<Void> result) {
        unanswered.handle(result);
      }
    });

    await(sent.future()).run();

    assertThat(awaitFailure(unanswered.future())).isInstanceOf(TransportFailureException.class)
        .hasMessageNotContaining("oauth-access-token");
    await(api.removeMemberFromGroupByGroupId("g", ACCOUNT));
    assertThat(connections).as("the second request went out over a connection of its own").hasSize(2);
    await(client.close());
  }

  @Test
  void sendsThePerCallCredentialInsteadOfTheClients() {
    MembershipApiClient client = client(server.baseUrl());
    client.setAccessToken("client-wide-token");

    await(new GroupApiImpl(client).removeMemberFromGroupByGroupId("g", ACCOUNT,
        ApiClient.AuthInfo.forOAuthDefinitionsAuthentication("per-call-token")));

    assertThat(server.onlyRequest().headers().getAll("Authorization")).containsExactly("Bearer per-call-token");
  }
}
