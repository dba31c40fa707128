package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.await;
import static dev.membership.sandbox.SandboxHttp.basic;
import static dev.membership.sandbox.SandboxHttp.bearer;
import static dev.membership.sandbox.SandboxHttp.md5Hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No credential, in any form, appears in what the sandbox logs (through SLF4J), prints or answers. */
class CredentialLeakTest {

  private static final String USER = "till_user";
  private static final String PASSWORD = "Pa55-word-of-the-till";
  private static final String EMAIL = "owner@sandbox.test";
  private static final String API_TOKEN = "api-token-abc123-secret";
  private static final String OAUTH_TOKEN = "oauth-token-xyz789-secret";
  private static final String CLIENT_SECRET = "client-secret-lmn456-secret";
  private static final String APP_SECRET = "app-secret-pqr321-secret";
  private static final String REFRESH_TOKEN = "refresh-token-stu654-secret";

  private static final JsonObject SEED = new JsonObject()
      .put("capillary", new JsonObject()
          .put("credentials", List.of(Map.of("username", USER, "password", PASSWORD)))
          .put("oauthClients", List.of(Map.of("key", "client-key", "secret", CLIENT_SECRET)))
          .put("groups", List.of(Map.of("groupId", 10, "members", List.of(Map.of("mobile", "919000000001"))))))
      .put("confluence", new JsonObject()
          .put("users", List.of(Map.of("email", EMAIL, "apiToken", API_TOKEN, "siteAdmin", true,
              "oauthTokens", List.of(OAUTH_TOKEN))))
          .put("oauthApps", List.of(Map.of("clientId", "app-id", "clientSecret", APP_SECRET,
              "refreshToken", REFRESH_TOKEN)))
          .put("groups", List.of(Map.of("groupId", "g", "members", List.of("acc-1")))));

  /** Every form a secret could leak in: clear, md5, and the whole header values. */
  private static List<String> secretForms() {
    return List.of(PASSWORD, md5Hex(PASSWORD), API_TOKEN, OAUTH_TOKEN, CLIENT_SECRET, APP_SECRET, REFRESH_TOKEN,
        basic(USER, md5Hex(PASSWORD)).substring(6), basic(EMAIL, API_TOKEN).substring(6),
        basic(USER, PASSWORD).substring(6), basic(EMAIL, "wrong-" + API_TOKEN).substring(6), "wrong-" + API_TOKEN);
  }

  @Test
  void noCredentialAppearsInLogsOutputOrAnswers() {
    // The sandbox logs through SLF4J; here slf4j-simple writes to System.err, which is captured below.
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(printed, true, StandardCharsets.UTF_8);
    List<Answer> answers = new ArrayList<>();
    System.setOut(tee);
    System.setErr(tee);
    Vertx vertx = Vertx.vertx();
    try {
      Sandbox sandbox = await(Sandbox.start(vertx, SandboxOptions.custom()
          .seed(SeedSource.document(SEED)).rateLimit(SandboxRateLimit.of(1000, 3).withQuota(1000, 60)).build()));
      try (SandboxHttp http = new SandboxHttp(vertx, sandbox.port())) {
        String leave = "/v2/userGroup2/10/leave?source=INSTORE&identifierName=mobile&identifierValue=919000000001";
        String remove = "/wiki/rest/api/group/userByGroupId?groupId=g&accountId=acc-1";
        answers.add(http.call(HttpMethod.DELETE, leave, basic(USER, md5Hex(PASSWORD))));
        answers.add(http.call(HttpMethod.DELETE, leave, basic(USER, PASSWORD)));
        answers.add(http.call(HttpMethod.DELETE, remove, basic(EMAIL, API_TOKEN)));
        answers.add(http.call(HttpMethod.DELETE, remove, basic(EMAIL, "wrong-" + API_TOKEN)));
        answers.add(http.call(HttpMethod.DELETE, remove, bearer(OAUTH_TOKEN)));
        for (String secret : List.of(CLIENT_SECRET, "wrong-" + CLIENT_SECRET)) {
          answers.add(await(http.send(HttpMethod.POST, "/v3/oauth/token/generate", null,
              new JsonObject().put("key", "client-key").put("secret", secret).encode())));
        }
        for (String secret : List.of(APP_SECRET, APP_SECRET, "wrong-" + APP_SECRET)) { // 200, then 403 (used), 401
          answers.add(await(http.send(HttpMethod.POST, "/oauth/token", null, new JsonObject()
              .put("grant_type", "refresh_token").put("client_id", "app-id").put("client_secret", secret)
              .put("refresh_token", REFRESH_TOKEN).encode())));
        }
        answers.add(await(http.send(HttpMethod.POST, "/oauth/token", null, "{\"refresh_token\":\"" + REFRESH_TOKEN)));
        answers.addAll(http.many(6, HttpMethod.DELETE, remove, bearer(OAUTH_TOKEN)).stream()
            .map(Future::result).toList());
        http.setFaults(FaultSettings.custom().rate503(0.5).rate429(0.5, 1).build());
        answers.addAll(http.many(6, HttpMethod.DELETE, leave, basic(USER, md5Hex(PASSWORD))).stream()
            .map(Future::result).toList());
        for (String path : List.of("/_sandbox/state", "/_sandbox/counters", "/_sandbox/faults",
            "/_sandbox/rate-limit", "/_sandbox/capillary/groups/10/members", "/_sandbox/confluence/groups/g/members",
            "/_sandbox/capillary/groups", "/_sandbox/confluence/groups")) {
          answers.add(http.admin(HttpMethod.GET, path, null));
        }
        answers.add(http.admin(HttpMethod.PUT, "/_sandbox/state", SEED));
        answers.add(await(http.send(HttpMethod.PUT, "/_sandbox/state", null,
            "{\"capillary\":{\"credentials\":[{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"")));
        answers.add(http.admin(HttpMethod.POST, "/_sandbox/confluence/users",
            new JsonObject().put("email", EMAIL).put("apiToken", API_TOKEN).put("oauthTokens", "not-a-list")));
        answers.add(http.admin(HttpMethod.POST, "/_sandbox/capillary/credentials",
            new JsonObject().put("username", USER).put("password", PASSWORD).put("passwordMd5", md5Hex(PASSWORD))));
        answers.add(http.admin(HttpMethod.POST, "/_sandbox/reset", null));
      }
      await(sandbox.close());
    } finally {
      await(vertx.close());
      System.setOut(out);
      System.setErr(err);
    }

    assertThat(answers).extracting(Answer::status).contains(200, 204, 401, 403, 429, 503, 400);
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("the log was captured").contains("sandbox listening on");
    List<String> seen = new ArrayList<>();
    seen.add(printed.toString(StandardCharsets.UTF_8));
    for (Answer answer : answers) {
      seen.add(answer.body());
      answer.headers().forEach(header -> seen.add(header.getKey() + ": " + header.getValue()));
    }
    for (String secret : secretForms()) {
      assertThat(seen).noneSatisfy(text -> assertThat(text).contains(secret));
    }
  }
}
