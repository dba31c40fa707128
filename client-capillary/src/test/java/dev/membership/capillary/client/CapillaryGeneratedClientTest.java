package dev.membership.capillary.client;

import static dev.membership.client.support.LoopbackServer.await;
import static dev.membership.client.support.LoopbackServer.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.membership.capillary.generated.api.UserGroupApi;
import dev.membership.capillary.generated.api.UserGroupApiImpl;
import dev.membership.capillary.generated.invoker.ApiException;
import dev.membership.capillary.generated.invoker.MembershipApiClient;
import dev.membership.capillary.generated.model.IdentifierName;
import dev.membership.capillary.generated.model.LeaveGroupResponse;
import dev.membership.capillary.generated.model.Source;
import dev.membership.client.support.LoopbackServer;
import dev.membership.client.support.LoopbackServerTest;
import dev.membership.client.support.ResponseDecodingException;
import dev.membership.client.support.TransportFailureException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The generated Capillary client, through the {@code MembershipApiClient} generated from our own template,, against a real server on loopback. */
class CapillaryGeneratedClientTest extends LoopbackServerTest {

  /** MD5 hex of "s3cret": Capillary's Basic authentication sends this instead of the password. */
  private static final String S3CRET_MD5 = "33e1b232a4e6fa0028a6670753749a17";

  private static final String OK = "{\"warnings\":[],\"errors\":[],\"success\":true}";

  private UserGroupApi api(String baseUrl, JsonObject extra) {
    MembershipApiClient client = new MembershipApiClient(vertx, new JsonObject().put("basePath", baseUrl).mergeIn(extra));
    client.setUsername("till_user");
    client.setPassword(S3CRET_MD5);
    return new UserGroupApiImpl(client);
  }

  private UserGroupApi api() {
    return api(server.baseUrl(), new JsonObject());
  }

  @Test
  void sendsDeleteToLeavePathWithEveryQueryParameter() {
    server.respond(200, "application/json", OK);

    await(api().leaveUserGroup(3962910L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", "acc-1"));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.method()).isEqualTo(HttpMethod.DELETE);
    assertThat(request.path()).isEqualTo("/v2/userGroup2/3962910/leave");
    assertThat(request.params().get("source")).isEqualTo("INSTORE");
    assertThat(request.params().get("identifierName")).isEqualTo("mobile");
    assertThat(request.params().get("identifierValue")).isEqualTo("918095467895");
    assertThat(request.params().get("accountId")).isEqualTo("acc-1");
  }

  @Test
  void leavesOptionalAccountIdOutWhenAbsent() {
    server.respond(200, "application/json", OK);

    await(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.CARD_EXTERNAL_ID, "cardUUID123", null));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.params().names()).containsExactlyInAnyOrder("source", "identifierName", "identifierValue");
    assertThat(request.params().get("identifierName")).isEqualTo("cardExternalId");
  }

  @Test
  void encodesPlusAndAtSoServerDecodesThemBack() {
    server.respond(200, "application/json", OK);

    await(api().leaveUserGroup(7L, Source.WEBSITE, IdentifierName.EMAIL, "a+b@x.com", null));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.params().get("identifierValue")).isEqualTo("a+b@x.com");
    assertThat(request.rawQuery()).contains("identifierValue=a%2Bb%40x.com");
  }

  @Test
  void encodesUnicodeAndReservedCharactersSoServerDecodesThemBack() {
    server.respond(200, "application/json", OK);
    String value = "ü € &=#?/";

    await(api().leaveUserGroup(7L, Source.INSTORE, IdentifierName.EXTERNAL_ID, value, null));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.params().getAll("identifierValue")).containsExactly(value);
    assertThat(request.params().names()).containsExactlyInAnyOrder("source", "identifierName", "identifierValue");
  }

  @Test
  void keepsInt64GroupIdBeyondDoublePrecision() {
    server.respond(200, "application/json", OK);

    await(api().leaveUserGroup(9007199254740993L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));

    assertThat(server.onlyRequest().path()).isEqualTo("/v2/userGroup2/9007199254740993/leave");
  }

  @Test
  void sendsBasicAuthOfUsernameAndPasswordMd5() {
    server.respond(200, "application/json", OK);

    await(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));

    String expected = "Basic " + Base64.getEncoder()
        .encodeToString("till_user:33e1b232a4e6fa0028a6670753749a17".getBytes(StandardCharsets.UTF_8));
    assertThat(server.onlyRequest().headers().getAll("Authorization")).containsExactly(expected);
  }

  @Test
  void sendsNeitherCookieNorContentTypeOnBodilessDelete() {
    server.respond(200, "application/json", OK);

    await(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));

    LoopbackServer.Recorded request = server.onlyRequest();
    assertThat(request.headers().contains("Cookie")).as("Cookie header").isFalse();
    assertThat(request.headers().contains("Content-Type")).as("Content-Type header").isFalse();
    assertThat(request.headers().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void decodesSuccessBodyIntoModel() {
    server.respond(200, "application/json", OK);

    LeaveGroupResponse response =
        await(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));

    assertThat(response.getSuccess()).isTrue();
    assertThat(response.getErrors()).isEmpty();
    assertThat(response.getWarnings()).isEmpty();
  }

  @Test
  void decodesRefusalInA200WithItsCode() {
    server.respond(200, "application/json",
        "{\"warnings\":[],\"errors\":[{\"code\":1620,\"message\":\"User does not belong to group\",\"status\":false}],"
            + "\"success\":false}");

    LeaveGroupResponse response =
        await(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));

    assertThat(response.getSuccess()).isFalse();
    assertThat(response.getErrors()).singleElement().satisfies(error -> {
      assertThat(error.getCode()).isEqualTo(1620);
      assertThat(error.getMessage()).isEqualTo("User does not belong to group");
    });
  }

  @Test
  void exposesStatusAndBodyOfA4xx() {
    String body = "{\"warnings\":[],\"errors\":[{\"code\":8015,\"message\":\"Customer not found\",\"status\":false}],"
        + "\"success\":false}";
    server.respond(400, "application/json", body);

    Throwable failure = awaitFailure(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));

    assertThat(failure).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getCode()).isEqualTo(400);
      assertThat(e.getResponseBody()).isEqualTo(body);
    });
  }

  @Test
  void reportsConnectionRefusedAsTransportFailureWithItsCause() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Throwable failure = awaitFailure(api("http://127.0.0.1:" + closedPort, new JsonObject())
        .leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "918095467895", null));

    assertThat(failure).isInstanceOf(TransportFailureException.class)
        .hasMessageContaining("DELETE http://127.0.0.1:" + closedPort + "/v2/userGroup2/1/leave")
        .hasMessageNotContaining("918095467895");
    assertThat(failure.getCause()).isInstanceOf(ConnectException.class);
  }

  @Test
  void reportsClosedConnectionAsTransportFailure() {
    server.respondWith(request -> request.connection().close());

    Throwable failure = awaitFailure(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));

    assertThat(failure).isInstanceOf(TransportFailureException.class);
    assertThat(failure.getCause()).isNotNull();
  }

  @Test
  void reportsTimeoutAsTransportFailure() {
    server.respondWith(request -> { /* never answers */ });

    Throwable failure = awaitFailure(api(server.baseUrl(), new JsonObject().put("timeout", 200))
        .leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));

    assertThat(failure).isInstanceOf(TransportFailureException.class);
    assertThat(failure.getCause()).hasMessageContaining("timeout");
  }

  @Test
  void failsWhenDecodingThrowsAnError() {
    server.respond(200, "application/json", OK);
    MembershipApiClient client = new MembershipApiClient(vertx, new JsonObject().put("basePath", server.baseUrl()));
    client.getObjectMapper().registerModule(new SimpleModule().addDeserializer(LeaveGroupResponse.class,
        new JsonDeserializer<>() {
          @Override
          public LeaveGroupResponse deserialize(JsonParser parser, DeserializationContext context) {
            throw new NoSuchMethodError("simulated Jackson mismatch");
          }
        }));

    Throwable failure = awaitFailure(new UserGroupApiImpl(client)
        .leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));

    assertThat(failure).isInstanceOfSatisfying(ResponseDecodingException.class,
        e -> assertThat(e.status()).isEqualTo(200));
    assertThat(failure.getCause()).isInstanceOf(NoSuchMethodError.class);
  }

  @Test
  void reportsA204OrAJsonNullWhereTheBodyIsDocumentedAsDecodingFailure() {
    server.respond(204, null, null);
    Throwable noBody = awaitFailure(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));
    server.respond(200, "application/json", "null");
    Throwable jsonNull = awaitFailure(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));

    assertThat(noBody).isInstanceOfSatisfying(ResponseDecodingException.class,
        e -> assertThat(e.status()).isEqualTo(204));
    assertThat(jsonNull).isInstanceOfSatisfying(ResponseDecodingException.class,
        e -> assertThat(e.status()).isEqualTo(200));
  }

  @Test
  void reportsMalformedJsonAsDecodingFailure() {
    server.respond(200, "application/json", "{\"success\": tru");

    Throwable failure = awaitFailure(api().leaveUserGroup(1L, Source.INSTORE, IdentifierName.MOBILE, "1", null));

    assertThat(failure).isInstanceOf(ResponseDecodingException.class).hasMessageContaining("HTTP 200");
  }
}
