package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code membership remove ...} in-process, against the embedded sandbox and its demo data. */
class RemoveCommandTest {

  @Test
  void removesCapillaryCustomerFromEmbeddedSandboxAndSaysSo() {
    CliRun run = CliRun.of("remove", "capillary", "--group-id", "3962910", "--source", "INSTORE",
        "--identifier-name", "mobile", "--identifier-value", "918095467895");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("Using an embedded sandbox at http://127.0.0.1:");
    assertThat(run.out()).contains("capillary").contains("3962910").contains("mobile=918095467895")
        .contains("removed").contains("200");
  }

  @Test
  void aRemovalAnsweredAfterARetrySaysHowManyAttemptsItTook() {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger requests = new AtomicInteger();
      HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
        var response = request.response().putHeader("Content-Type", "application/json");
        if (requests.incrementAndGet() == 1) {
          response.setStatusCode(503).end();
        } else {
          response.end("{\"warnings\":[],\"errors\":[],\"success\":true}");
        }
      }).listen(0, "127.0.0.1"));
      Map<String, String> env = Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", "secret-password");

      CliRun run = CliRun.of(env, "remove", "capillary", "--group-id", "3962910", "--source", "INSTORE",
          "--identifier-name", "mobile", "--identifier-value", "918095467895", "--output", "json",
          "--base-url", "http://127.0.0.1:" + server.actualPort());

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode result = json(run.out());
      assertThat(result.get("result").asText()).isEqualTo("removed");
      assertThat(result.get("attempts").asInt()).isEqualTo(2);
      assertThat(result.get("latencyMs").asLong()).isPositive();
      assertThat(requests).hasValue(2);
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void reportsCustomerNotInGroupAsNotAMemberWithExitZero() {
    CliRun run = CliRun.of("remove", "capillary", "--group-id", "3962910", "--source", "INSTORE",
        "--identifier-name", "mobile", "--identifier-value", "918095467898", "--output", "json");

    assertThat(run.exitCode()).isZero();
    assertThat(json(run.out()).get("result").asText()).isEqualTo("not_a_member");
    assertThat(json(run.out()).get("codes").get(0).asInt()).isEqualTo(1620);
  }

  @Test
  void exitsThreeWhenTheProviderRejects() {
    CliRun run = CliRun.of("remove", "capillary", "--group-id", "999", "--source", "INSTORE",
        "--identifier-name", "mobile", "--identifier-value", "918095467895", "--output", "json");

    assertThat(run.exitCode()).isEqualTo(3);
    JsonNode result = json(run.out());
    assertThat(result.get("result").asText()).isEqualTo("rejected");
    assertThat(result.get("reason").asText()).isEqualTo("GROUP_NOT_FOUND");
    assertThat(result.get("codes").get(0).asInt()).isEqualTo(1619);
  }

  @Test
  void removesConfluenceUser() {
    CliRun run = CliRun.of("remove", "confluence", "--group-id", "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
        "--account-id", "5b10ac8d82e05b22cc7d4ef5", "--output", "json");

    assertThat(run.exitCode()).isZero();
    JsonNode result = json(run.out());
    assertThat(result.get("result").asText()).isEqualTo("removed");
    assertThat(result.get("httpStatus").asInt()).isEqualTo(204);
  }

  @Test
  void rejectsUnknownConfluenceGroupWithExitThree() {
    CliRun run = CliRun.of("remove", "confluence", "--group-id", "no-such-group", "--account-id",
        "5b10ac8d82e05b22cc7d4ef5");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.out()).contains("rejected").contains("GROUP_OR_MEMBER_NOT_FOUND");
  }

  @Test
  void refusesMalformedMobileNamingTheOptionBeforeSendingAnything() {
    CliRun run = CliRun.of("remove", "capillary", "--group-id", "3962910", "--source", "INSTORE",
        "--identifier-name", "mobile", "--identifier-value", "98-abc");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--identifier-value").contains("not a mobile number")
        .doesNotContain("embedded sandbox");
  }

  @Test
  void refusesUnknownSourceNamingTheOption() {
    CliRun run = CliRun.of("remove", "capillary", "--group-id", "1", "--source", "POS",
        "--identifier-name", "mobile", "--identifier-value", "918095467895");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--source").contains("must be one of");
  }

  @Test
  void refusesMissingRequiredOptionNamingIt() {
    CliRun run = CliRun.of("remove", "confluence", "--group-id", "g");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--account-id");
  }

  @Test
  void refusesPlainHttpToARemoteHost() {
    CliRun run = CliRun.of(java.util.Map.of("CONFLUENCE_EMAIL", "a@example.com", "CONFLUENCE_API_TOKEN", "t0ken"),
        "remove", "confluence", "--group-id", "g", "--account-id", "a",
        "--base-url", "http://acme.atlassian.net");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("siteUrl: must use https");
  }

  @Test
  void refusesMissingCredentialsNamingTheVariables() {
    CliRun run = CliRun.of("remove", "confluence", "--group-id", "g", "--account-id", "a",
        "--base-url", "https://acme.atlassian.net");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("CONFLUENCE_EMAIL").contains("CONFLUENCE_API_TOKEN");
  }

  @Test
  void listsExitCodesInHelp() {
    CliRun run = CliRun.of("remove", "capillary", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Exit codes:").contains("3    some removals rejected")
        .contains("130  stopped by Ctrl-C (SIGINT), 143 by SIGTERM")
        .contains("--identifier-value");
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
