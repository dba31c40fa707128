package dev.membership.core;

import static dev.membership.core.Fixtures.CAPILLARY_PASSWORD;
import static dev.membership.core.Fixtures.CAPILLARY_USER;
import static dev.membership.core.Fixtures.CONFLUENCE_EMAIL;
import static dev.membership.core.Fixtures.CONFLUENCE_TOKEN;
import static dev.membership.core.Fixtures.OAUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Runs every path — success, refusal, retry, transport failure, a provider echoing the request — with sentinel
 * credentials, then looks for the sentinels in every form they are sent in, everywhere a user could see them.
 */
class SecretsTest extends LoopbackTest {

  private static final String MD5 = CapillaryCredentials.ofPassword(CAPILLARY_USER, CAPILLARY_PASSWORD).passwordMd5();

  private static String basic(String user, String secret) {
    return Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> sentinelForms() {
    return List.of(CAPILLARY_PASSWORD, MD5, MD5.toUpperCase(Locale.ROOT), basic(CAPILLARY_USER, MD5),
        basic(CAPILLARY_USER, MD5.toUpperCase(Locale.ROOT)), basic(CAPILLARY_USER, CAPILLARY_PASSWORD),
        CONFLUENCE_TOKEN, basic(CONFLUENCE_EMAIL, CONFLUENCE_TOKEN), OAUTH_TOKEN);
  }

  /**
   * What a Capillary success echoes in its warnings: every form the toolkit can derive from the configured
   * password (the clear one, which is never sent; its md5 in both cases; the Basic values), some encoded.
   */
  private static final List<String> CAPILLARY_ECHOES = List.of(CAPILLARY_PASSWORD, MD5.toUpperCase(Locale.ROOT),
      MD5, basic(CAPILLARY_USER, MD5), basic(CAPILLARY_USER, CAPILLARY_PASSWORD),
      URLEncoder.encode(basic(CAPILLARY_USER, CAPILLARY_PASSWORD), StandardCharsets.UTF_8),
      basic(CAPILLARY_USER, MD5.toUpperCase(Locale.ROOT)).toLowerCase(Locale.ROOT));

  private static String capillarySuccessEchoing(List<String> forms) {
    JsonArray warnings = new JsonArray();
    forms.forEach(form -> warnings.add(new JsonObject().put("code", 1).put("message", "echo: " + form)));
    return new JsonObject().put("warnings", warnings).put("errors", new JsonArray()).put("success", true).encode();
  }

  @Test
  void sentinelCredentialsAppearInNoLogExceptionOutcomeOrToString() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      String echo = request.getHeader("Authorization") + " " + request.uri();
      String account = request.getParam("accountId") == null ? request.getParam("identifierValue")
          : request.getParam("accountId");
      var response = request.response();
      switch (account) {
        case "echo-400" -> response.setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(Fixtures.capillaryBody(false, 9999, echo));
        case "echo-418" -> response.setStatusCode(418).end(echo);
        case "retry" -> {
          if (calls.incrementAndGet() == 1) {
            response.setStatusCode(503).putHeader("Retry-After", "1").end(echo);
          } else {
            response.setStatusCode(204).end();
          }
        }
        case "reset" -> request.connection().close();
        case "deny" -> response.setStatusCode(401).end(echo);
        case "echo-200" -> {
          if (request.path().startsWith("/v2/")) {
            response.putHeader("Content-Type", "application/json").end(capillarySuccessEchoing(CAPILLARY_ECHOES));
          } else {
            response.setStatusCode(204).end();
          }
        }
        default -> {
          if (request.path().startsWith("/v2/")) {
            response.putHeader("Content-Type", "application/json").end(Fixtures.OK);
          } else {
            response.setStatusCode(204).end();
          }
        }
      }
    });
    List<Object> seen = new ArrayList<>();
    RemovalListener listener = new RemovalListener() {
      @Override
      public void onOutcome(Membership m, RemovalOutcome outcome, int attempts, Duration latency) {
        seen.add(outcome);
      }

      @Override
      public void onFailure(Membership m, RemovalException failure, Duration latency) {
        seen.add(failure);
      }
    };
    RemoverOptions options = Fixtures.options(scheduler).listener(listener)
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(5)))
        .build();
    CapillaryConfig capillary = Fixtures.capillary(server);
    ConfluenceConfig basic = Fixtures.confluence(server);
    ConfluenceConfig oauth = ConfluenceConfig.builder().siteUrl(server.baseUrl() + "/ex/confluence/cloud-1")
        .credentials(ConfluenceCredentials.oauth(OAUTH_TOKEN)).build();
    seen.addAll(List.of(capillary, basic, oauth, capillary.credentials(), basic.credentials(),
        oauth.credentials(), options));

    for (MembershipRemover remover : List.of(MembershipRemover.capillary(vertx, capillary, options),
        MembershipRemover.confluence(vertx, basic, options), MembershipRemover.confluence(vertx, oauth, options))) {
      seen.add(remover);
      List<Membership> memberships = new ArrayList<>();
      for (String account : List.of("echo-400", "echo-418", "echo-200", "retry", "reset", "deny", "fine")) {
        calls.set(0);
        memberships.add(remover.toString().contains("CAPILLARY")
            ? new Membership.Capillary(1, CapillarySource.INSTORE, CapillaryIdentifier.EXTERNAL_ID, account)
            : new Membership.Confluence("g", account));
      }
      for (Membership membership : memberships) {
        calls.set(0);
        Future<RemovalOutcome> removal = remover.remove(membership);
        seen.add(await(removal.transform(result -> Future.succeededFuture(
            result.succeeded() ? result.result() : result.cause()))));
      }
      calls.set(0);
      BulkSummary summary = await(remover.removeAll(memberships.iterator(), seen::add).completion());
      seen.add(summary);
    }

    List<String> texts = new ArrayList<>();
    for (Object item : seen) {
      texts.add(String.valueOf(item));
      for (Throwable t = item instanceof Throwable th ? th : null; t != null; t = t.getCause()) {
        texts.add(t.toString());
        texts.add(String.valueOf(t.getMessage()));
      }
      if (item instanceof RemovalResult result && result.failure() != null) {
        for (Throwable t = result.failure(); t != null; t = t.getCause()) {
          texts.add(t.toString());
        }
      }
    }
    String log = Files.readString(Path.of("target", "core-test.log"));
    texts.add(log);

    List<RemovalOutcome.Removed> echoed = seen.stream()
        .map(item -> item instanceof RemovalResult result ? result.outcome() : item)
        .filter(item -> item instanceof RemovalOutcome.Removed removed && !removed.warnings().isEmpty())
        .map(RemovalOutcome.Removed.class::cast).toList();
    assertThat(echoed).as("remove() and the bulk run each met the Capillary success echoing the password").hasSize(2)
        .allSatisfy(removed -> assertThat(removed.warnings()).extracting(ProviderMessage::message)
            .hasSize(CAPILLARY_ECHOES.size()).containsOnly("echo: <redacted>"));
    assertThat(seen).hasAtLeastOneElementOfType(UnexpectedResponseException.class)
        .hasAtLeastOneElementOfType(TransportFailedException.class)
        .hasAtLeastOneElementOfType(RemovalOutcome.Rejected.class);
    assertThat(String.join("\n", texts)).as("the echoing server did send credentials back")
        .contains("<redacted>");
    assertThat(log).as("debug logging is on, so the log was exercised").contains("retrying in");
    for (String text : texts) {
      for (String secret : sentinelForms()) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }
}
