package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The OAuth sentinels: client secrets, refresh tokens (the first and each rotated one) and every access token
 * issued appear in no log, exception, outcome or {@code toString()}, though the server echoes them back from the
 * token endpoints (in a 500's body, in an OAuth error's description) and from the removal (in a 400's body, a
 * 418's, a 401's).
 */
class OAuthSecretsTest extends LoopbackTest {

  private static final String CLIENT_SECRET = "Sentinel-Capillary-ClientSecret-41";
  private static final String APP_SECRET = "Sentinel-Atlassian-AppSecret-42";
  private static final String REFRESH_TOKEN = "Sentinel-Atlassian-RefreshToken-43";
  private static final String ISSUED = "Sentinel-Issued-";

  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger atlassianCalls = new AtomicInteger();
  private final List<String> tokensIssued = new CopyOnWriteArrayList<>();
  private final List<String> rotated = new CopyOnWriteArrayList<>();
  private volatile boolean refuseRefresh;

  private String issue(String kind) {
    String token = ISSUED + kind + "-" + issued.incrementAndGet();
    tokensIssued.add(token);
    return token;
  }

  private void serve() {
    // One request at a time here: the last one recorded (with its body) is the one being answered.
    server.respondWith(request -> answer(request, server.requests().get(server.requests().size() - 1).body()));
  }

  private void answer(HttpServerRequest request, String body) {
    var response = request.response().putHeader("Content-Type", "application/json");
    if (request.path().equals("/v3/oauth/token/generate")) {
      response.end(new JsonObject().put("data", new JsonObject().put("accessToken", issue("CapAccess"))
          .put("ttlSeconds", 600)).putNull("errors").encode());
      return;
    }
    if (request.path().equals("/oauth/token")) {
      if (refuseRefresh) {
        response.setStatusCode(403).end(new JsonObject().put("error", "invalid_grant")
            .put("error_description", "refused: " + body).encode());
      } else if (atlassianCalls.incrementAndGet() == 1) {
        response.setStatusCode(500).end(body);
      } else {
        response.end(new JsonObject().put("access_token", issue("AtlAccess"))
            .put("refresh_token", issue("Refresh")).put("expires_in", 3600).encode());
      }
      return;
    }
    String echo = request.getHeader("Authorization") + " " + request.getHeader("X-CAP-API-OAUTH-TOKEN");
    String account = request.getParam("accountId") == null ? request.getParam("identifierValue")
        : request.getParam("accountId");
    switch (account) {
      case "echo-400" -> response.setStatusCode(400).end(Fixtures.capillaryBody(false, 9999, echo));
      case "echo-418" -> response.setStatusCode(418).end(echo);
      case "deny" -> response.setStatusCode(401).end(Fixtures.capillaryBody(false, 9903, echo));
      default -> {
        if (request.path().startsWith("/v2/")) {
          response.end(Fixtures.OK);
        } else {
          response.setStatusCode(204).end();
        }
      }
    }
  }

  @Test
  void noSecretOrTokenAppearsAnywhereAUserCouldSeeIt() throws Exception {
    serve();
    List<Object> seen = new ArrayList<>();
    RemoverOptions options = Fixtures.options(scheduler)
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5)))
        .listener(new RemovalListener() {
          @Override
          public void onFailure(Membership m, RemovalException failure, Duration latency) {
            seen.add(failure);
          }
        }).build();
    CapillaryConfig capillary = CapillaryConfig.builder().baseUrl(server.baseUrl())
        .credentials(CapillaryCredentials.oauth("client-key", CLIENT_SECRET)).build();
    ConfluenceConfig confluence = ConfluenceConfig.builder().siteUrl(server.baseUrl() + "/ex/confluence/c-1")
        .authServerUrl(server.baseUrl())
        .credentials(ConfluenceCredentials.oauth("app-id", APP_SECRET, REFRESH_TOKEN, rotated::add)).build();
    seen.addAll(List.of(capillary, confluence, capillary.credentials(), confluence.credentials(), options,
        AccessToken.of(ISSUED + "by-hand", Duration.ofSeconds(5))));

    for (MembershipRemover remover : List.of(MembershipRemover.capillary(vertx, capillary, options),
        MembershipRemover.confluence(vertx, confluence, options))) {
      seen.add(remover);
      for (String account : List.of("fine", "echo-400", "echo-418", "deny", "fine")) {
        Membership membership = remover.toString().contains("CAPILLARY")
            ? new Membership.Capillary(1, CapillarySource.INSTORE, CapillaryIdentifier.EXTERNAL_ID, account)
            : new Membership.Confluence("g", account);
        seen.add(await(remover.remove(membership).transform(result -> Future.succeededFuture(
            result.succeeded() ? result.result() : result.cause()))));
      }
      seen.add(remover.lanes());
      await(remover.close());
    }
    refuseRefresh = true;
    MembershipRemover refused = MembershipRemover.confluence(vertx, confluence, options);
    seen.add(awaitFailure(refused.remove(new Membership.Confluence("g", "fine"))));
    await(refused.close());

    List<String> texts = new ArrayList<>();
    for (Object item : seen) {
      texts.add(String.valueOf(item));
      for (Throwable t = item instanceof Throwable th ? th : null; t != null; t = t.getCause()) {
        texts.add(t.toString());
      }
      if (item instanceof CredentialsRejectedException e) {
        texts.add(e.messages().toString());
      }
    }
    String log = Files.readString(Path.of("target", "core-test.log"));
    texts.add(log);

    assertThat(tokensIssued).as("tokens of both providers were issued and sent").hasSizeGreaterThanOrEqualTo(4);
    assertThat(rotated).isNotEmpty();
    assertThat(seen).hasAtLeastOneElementOfType(UnexpectedResponseException.class)
        .hasAtLeastOneElementOfType(CredentialsRejectedException.class)
        .hasAtLeastOneElementOfType(RemovalOutcome.Rejected.class);
    assertThat(String.join("\n", texts)).as("the echoing server did send secrets back").contains("<redacted>");
    List<String> sentinels = new ArrayList<>(List.of(CLIENT_SECRET, APP_SECRET, REFRESH_TOKEN, ISSUED));
    for (String text : texts) {
      for (String secret : sentinels) {
        assertThat(text).doesNotContainIgnoringCase(secret);
      }
    }
  }
}
