package dev.membership.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real HTTP client of one sandbox on loopback, with the default credentials and admin shortcuts. */
final class SandboxHttp implements AutoCloseable {

  static final String CAPILLARY_USER = SandboxCredentials.CAPILLARY_USERNAME;
  static final String CAPILLARY_PASSWORD = SandboxCredentials.CAPILLARY_PASSWORD;
  static final String ADMIN_EMAIL = SandboxCredentials.CONFLUENCE_EMAIL;
  static final String ADMIN_TOKEN = SandboxCredentials.CONFLUENCE_API_TOKEN;
  static final String MEMBER_EMAIL = SandboxCredentials.CONFLUENCE_MEMBER_EMAIL;
  static final String MEMBER_TOKEN = SandboxCredentials.CONFLUENCE_MEMBER_API_TOKEN;
  static final String OAUTH_TOKEN = SandboxCredentials.CONFLUENCE_OAUTH_TOKEN;

  /** Demo seed: Capillary group holding customers 1 (mobile 918095467895), 2 and 3. */
  static final long GROUP = 3962910L;
  static final String MOBILE_IN_GROUP = "918095467895";
  /** Demo seed: a customer in no group. */
  static final String MOBILE_IN_NO_GROUP = "918095467898";
  /** Demo seed: Confluence group holding the first two accounts. */
  static final String CONFLUENCE_GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  static final String ACCOUNT_IN_GROUP = "5b10ac8d82e05b22cc7d4ef5";
  static final String ACCOUNT_IN_NO_GROUP = "712020:9a3f5e2b-1c4d-4e8f-b6a7-0d1e2f3a4b5c";

  /** An answer as the client saw it. */
  record Answer(int status, MultiMap headers, String body) {

    JsonObject json() {
      return new JsonObject(body);
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int port;

  SandboxHttp(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(8));
  }

  static String capillaryAuth() {
    return capillaryAuth(CAPILLARY_USER, md5Hex(CAPILLARY_PASSWORD));
  }

  static String capillaryAuth(String user, String secret) {
    return basic(user, secret);
  }

  static String confluenceAdmin() {
    return basic(ADMIN_EMAIL, ADMIN_TOKEN);
  }

  static String confluenceMember() {
    return basic(MEMBER_EMAIL, MEMBER_TOKEN);
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static String md5Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String leaveUri(long groupId, String identifierName, String identifierValue) {
    return "/v2/userGroup2/" + groupId + "/leave?source=INSTORE&identifierName=" + identifierName
        + "&identifierValue=" + identifierValue;
  }

  static String removeUri(String groupId, String accountId) {
    return "/wiki/rest/api/group/userByGroupId?groupId=" + groupId + "&accountId=" + accountId;
  }

  /** Sends a request; the future fails if the connection ends without an answer. */
  Future<Answer> send(HttpMethod method, String uri, String authorization, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (authorization != null) {
      options.putHeader("Authorization", authorization);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    // The body is asked for in the callback that receives the response, before any of it can be missed.
    return client.request(options)
        .compose(request -> (body == null ? request.send() : request.send(Buffer.buffer(body)))
            .compose(response -> response.body()
                .map(buffer -> new Answer(response.statusCode(), response.headers(), buffer.toString()))));
  }

  Answer call(HttpMethod method, String uri, String authorization) {
    return await(send(method, uri, authorization, null));
  }

  Answer leave(long groupId, String identifierName, String identifierValue) {
    return call(HttpMethod.DELETE, leaveUri(groupId, identifierName, identifierValue), capillaryAuth());
  }

  Answer remove(String groupId, String accountId) {
    return call(HttpMethod.DELETE, removeUri(groupId, accountId), confluenceAdmin());
  }

  /** Capillary's token endpoint, asked for a token of the API client {@code key} with {@code secret}. */
  Answer generateToken(String key, String secret) {
    return postJson("/v3/oauth/token/generate", new JsonObject().put("key", key).put("secret", secret).encode());
  }

  /** Atlassian's token endpoint, asked to refresh {@code refreshToken} of the app {@code clientId}. */
  Answer refresh(String clientId, String clientSecret, String refreshToken) {
    return postJson("/oauth/token", new JsonObject().put("grant_type", "refresh_token").put("client_id", clientId)
        .put("client_secret", clientSecret).put("refresh_token", refreshToken).encode());
  }

  /** A Capillary removal by mobile with {@code token} in {@code X-CAP-API-OAUTH-TOKEN} (no Authorization). */
  Answer leaveWithToken(long groupId, String mobile, String token) {
    return await(send(HttpMethod.DELETE, leaveUri(groupId, "mobile", mobile), null, null,
        "X-CAP-API-OAUTH-TOKEN", token));
  }

  /** POSTs {@code body}, as JSON, to a provider endpoint. */
  Answer postJson(String path, String body) {
    return await(send(HttpMethod.POST, path, null, body, "Content-Type", "application/json"));
  }

  /** Calls the admin API and returns the answer, whatever its status. */
  Answer admin(HttpMethod method, String path, JsonObject body) {
    return await(send(method, path, null, body == null ? null : body.encode()));
  }

  /** Calls the admin API and returns its JSON body, asserting a 2xx. */
  JsonObject adminOk(HttpMethod method, String path, JsonObject body) {
    Answer answer = admin(method, path, body);
    assertThat(answer.status()).as("%s %s answered %s", method, path, answer.body()).isBetween(200, 299);
    return answer.body().isEmpty() ? new JsonObject() : answer.json();
  }

  JsonObject counters() {
    return adminOk(HttpMethod.GET, "/_sandbox/counters", null);
  }

  void setFaults(FaultSettings faults) {
    adminOk(HttpMethod.PUT, "/_sandbox/faults", faults.toJson());
  }

  List<Long> capillaryMembers(long groupId) {
    List<Long> ids = new ArrayList<>();
    adminOk(HttpMethod.GET, "/_sandbox/capillary/groups/" + groupId + "/members", null).getJsonArray("members")
        .forEach(member -> ids.add(((JsonObject) member).getLong("id")));
    return ids;
  }

  List<String> confluenceMembers(String groupId) {
    List<String> ids = new ArrayList<>();
    adminOk(HttpMethod.GET, "/_sandbox/confluence/groups/" + groupId + "/members", null).getJsonArray("members")
        .forEach(member -> ids.add((String) member));
    return ids;
  }

  /** Sends {@code count} requests, at most eight at a time, and returns every outcome in sending order. */
  List<Future<Answer>> many(int count, HttpMethod method, String uri, String authorization) {
    List<Future<Answer>> answers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      answers.add(send(method, uri, authorization, null));
    }
    await(Future.join(answers).otherwiseEmpty());
    return answers;
  }

  /** Sends requests one after another, each after the previous answer, and returns their statuses. */
  List<Integer> sequentially(int count, HttpMethod method, String uri, String authorization) {
    List<Integer> statuses = new ArrayList<>(count);
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(ignored -> send(method, uri, authorization, null))
          .map(answer -> {
            statuses.add(answer.status());
            return null;
          });
    }
    await(chain);
    return statuses;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("request failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    await(client.close());
  }
}
