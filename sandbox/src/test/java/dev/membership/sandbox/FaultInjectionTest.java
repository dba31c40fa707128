package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_NO_GROUP;
import static dev.membership.sandbox.SandboxHttp.CONFLUENCE_GROUP;
import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_NO_GROUP;
import static dev.membership.sandbox.SandboxHttp.capillaryAuth;
import static dev.membership.sandbox.SandboxHttp.confluenceAdmin;
import static dev.membership.sandbox.SandboxHttp.leaveUri;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Injected failures and latency: their rates, their shapes, and that they never change the state. */
class FaultInjectionTest extends SandboxTestSupport {

  private static final int REQUESTS = 2_000;

  private List<Future<Answer>> confluenceNonMemberRemovals(int count) {
    return http.many(count, HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP), confluenceAdmin());
  }

  private static Map<Integer, Long> statuses(List<Future<Answer>> answers) {
    return answers.stream().filter(Future::succeeded)
        .collect(Collectors.groupingBy(answer -> answer.result().status(), Collectors.counting()));
  }

  @Test
  void injects503AtConfiguredRate() {
    http.setFaults(FaultSettings.custom().rate503(0.10).build());

    Map<Integer, Long> statuses = statuses(confluenceNonMemberRemovals(REQUESTS));

    assertThat(statuses.get(503)).isBetween(140L, 260L);
    assertThat(statuses.get(204) + statuses.get(503)).isEqualTo(REQUESTS);
    JsonObject confluence = http.counters().getJsonObject("confluence");
    assertThat(confluence.getJsonObject("statuses").getLong("503")).isEqualTo(statuses.get(503));
    assertThat(confluence.getLong("injectedServerErrors")).isEqualTo(statuses.get(503));
  }

  @Test
  void injects500And502And503EachAtItsRate() {
    http.setFaults(FaultSettings.custom().rate500(0.05).rate502(0.10).rate503(0.15).build());

    Map<Integer, Long> statuses = statuses(confluenceNonMemberRemovals(REQUESTS));

    assertThat(statuses.get(500)).isBetween(60L, 140L);
    assertThat(statuses.get(502)).isBetween(140L, 260L);
    assertThat(statuses.get(503)).isBetween(220L, 380L);
  }

  @Test
  void injects429WithRetryAfterAtConfiguredRate() {
    http.setFaults(FaultSettings.custom().rate429(0.10, 7).build());

    List<Future<Answer>> answers = confluenceNonMemberRemovals(REQUESTS);

    List<Answer> tooMany = answers.stream().map(Future::result).filter(answer -> answer.status() == 429).toList();
    assertThat((long) tooMany.size()).isBetween(140L, 260L);
    assertThat(tooMany).allSatisfy(answer -> assertThat(answer.header("Retry-After")).isEqualTo("7"));
    JsonObject confluence = http.counters().getJsonObject("confluence");
    assertThat(confluence.getLong("injected429")).isEqualTo(tooMany.size());
    assertThat(confluence.getLong("rateLimited429")).isZero();
  }

  @Test
  void capillaryInjected5xxAnd429KeepTheJsonBody() {
    http.setFaults(FaultSettings.custom().rate503(1.0).build());
    Answer unavailable = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);
    http.setFaults(FaultSettings.custom().rate429(1.0, 3).build());
    Answer tooMany = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);

    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.header("Content-Type")).isEqualTo("application/json");
    assertThat(unavailable.json().getBoolean("success")).isFalse();
    assertThat(unavailable.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(9905);
    assertThat(tooMany.status()).isEqualTo(429);
    assertThat(tooMany.header("Retry-After")).isEqualTo("3");
    assertThat(tooMany.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(9904);
  }

  @Test
  void resetsConnectionsAtConfiguredRate() {
    http.setFaults(FaultSettings.custom().resetRate(0.10).build());

    List<Future<Answer>> answers = confluenceNonMemberRemovals(REQUESTS);

    long failed = answers.stream().filter(Future::failed).count();
    assertThat(failed).isBetween(140L, 260L);
    assertThat(answers.stream().filter(Future::succeeded).map(answer -> answer.result().status()))
        .containsOnly(204);
    assertThat(http.counters().getJsonObject("confluence").getLong("connectionResets")).isEqualTo(failed);
  }

  @Test
  void resetConnectionEndsWithoutAnAnswer() {
    http.setFaults(FaultSettings.custom().resetRate(1.0).build());

    Future<Answer> answer = http.send(HttpMethod.DELETE, leaveUri(GROUP, "mobile", MOBILE_IN_GROUP),
        capillaryAuth(), null);

    Throwable failure = SandboxHttp.await(answer.transform(result -> Future.succeededFuture(result.cause())));
    assertThat(failure).isNotNull();
    assertThat(http.capillaryMembers(GROUP)).contains(1L);
  }

  @Test
  void injectedFaultsDoNotChangeState() {
    http.setFaults(FaultSettings.custom().rate500(0.25).rate502(0.25).rate503(0.25).rate429(0.25, 1).build());

    List<Future<Answer>> capillary = http.many(50, HttpMethod.DELETE, leaveUri(GROUP, "mobile", MOBILE_IN_GROUP),
        capillaryAuth());
    List<Future<Answer>> confluence = http.many(50, HttpMethod.DELETE,
        removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP), confluenceAdmin());

    assertThat(statuses(capillary).keySet()).containsExactlyInAnyOrder(500, 502, 503, 429);
    assertThat(statuses(confluence).keySet()).containsExactlyInAnyOrder(500, 502, 503, 429);
    assertThat(http.capillaryMembers(GROUP)).containsExactly(1L, 2L, 3L);
    assertThat(http.confluenceMembers(CONFLUENCE_GROUP)).contains(ACCOUNT_IN_GROUP);

    http.setFaults(FaultSettings.custom().resetRate(1.0).build());
    http.many(5, HttpMethod.DELETE, leaveUri(GROUP, "mobile", MOBILE_IN_GROUP), capillaryAuth());
    assertThat(http.capillaryMembers(GROUP)).containsExactly(1L, 2L, 3L);

    http.setFaults(FaultSettings.none());
    assertThat(http.leave(GROUP, "mobile", MOBILE_IN_GROUP).json().getBoolean("success")).isTrue();
    assertThat(http.capillaryMembers(GROUP)).containsExactly(2L, 3L);
  }

  @Test
  void sameSeedGivesTheSameFaultSequence() {
    FaultSettings faults = FaultSettings.custom().rate503(0.3).seed(7).build();
    String uri = removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);

    http.setFaults(faults);
    List<Integer> first = http.sequentially(60, HttpMethod.DELETE, uri, confluenceAdmin());
    http.setFaults(faults);
    List<Integer> second = http.sequentially(60, HttpMethod.DELETE, uri, confluenceAdmin());
    http.setFaults(faults.toBuilder().seed(8).build());
    List<Integer> otherSeed = http.sequentially(60, HttpMethod.DELETE, uri, confluenceAdmin());

    assertThat(first).contains(204, 503).isEqualTo(second).isNotEqualTo(otherSeed);
  }

  @Test
  void addsConfiguredLatency() {
    http.setFaults(FaultSettings.custom().latency(150, 50).build());

    for (int i = 0; i < 4; i++) {
      long started = System.nanoTime();
      Answer answer = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(answer.status()).isEqualTo(204);
      assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
    }
  }

  @Test
  void faultsNeverTouchTheAdminApi() {
    http.setFaults(FaultSettings.custom().rate500(0.5).resetRate(0.5).latency(2_000, 0).build());

    long started = System.nanoTime();
    List<Future<Answer>> answers = http.many(20, HttpMethod.GET, "/_sandbox/counters", null);

    assertThat(answers).allSatisfy(answer -> assertThat(answer.result().status()).isEqualTo(200));
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
  }

  @Test
  void faultSettingsRoundTripThroughTheAdminApi() {
    FaultSettings faults = FaultSettings.custom().rate500(0.01).rate502(0.02).rate503(0.03).rate429(0.04, 5)
        .resetRate(0.05).latency(10, 20).seed(99).build();

    JsonObject put = http.adminOk(HttpMethod.PUT, "/_sandbox/faults", faults.toJson());
    JsonObject got = http.adminOk(HttpMethod.GET, "/_sandbox/faults", null);

    assertThat(FaultSettings.fromJson(put)).isEqualTo(faults);
    assertThat(FaultSettings.fromJson(got)).isEqualTo(faults);
    assertThat(http.admin(HttpMethod.PUT, "/_sandbox/faults", new JsonObject().put("rate503", 0.7)
        .put("rate500", 0.7)).status()).isEqualTo(400);
    assertThat(http.admin(HttpMethod.PUT, "/_sandbox/faults", new JsonObject().put("rate5003", 0.1)).json()
        .getString("error")).startsWith("unknown fault setting: rate5003");
    assertThat(FaultSettings.fromJson(http.adminOk(HttpMethod.GET, "/_sandbox/faults", null))).isEqualTo(faults);
  }

  @Test
  void resetTurnsFaultsOffAndZeroesCounters() {
    http.setFaults(FaultSettings.custom().rate503(1.0).build());
    http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP);

    JsonObject status = http.adminOk(HttpMethod.POST, "/_sandbox/reset", null);

    assertThat(FaultSettings.fromJson(status.getJsonObject("faults"))).isEqualTo(FaultSettings.none());
    assertThat(http.counters().getLong("totalRequests")).isZero();
    assertThat(http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP).status()).isEqualTo(204);
  }
}
