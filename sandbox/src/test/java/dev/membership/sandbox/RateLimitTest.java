package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_NO_GROUP;
import static dev.membership.sandbox.SandboxHttp.CONFLUENCE_GROUP;
import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.MOBILE_IN_NO_GROUP;
import static dev.membership.sandbox.SandboxHttp.OAUTH_TOKEN;
import static dev.membership.sandbox.SandboxHttp.await;
import static dev.membership.sandbox.SandboxHttp.bearer;
import static dev.membership.sandbox.SandboxHttp.confluenceAdmin;
import static dev.membership.sandbox.SandboxHttp.removeUri;
import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-credential token bucket: its long-run rate, its 429s and their headers. */
class RateLimitTest extends SandboxTestSupport {

  private void setRateLimit(RateLimit limit) {
    http.adminOk(HttpMethod.PUT, "/_sandbox/rate-limit", limit.toJson());
  }

  @Test
  void rateLimitHoldsOverThreeSeconds() {
    setRateLimit(RateLimit.of(20, 10));
    String uri = removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    List<Future<Answer>> answers = Collections.synchronizedList(new ArrayList<>());
    long[] sentAt = new long[2];
    Promise<Void> done = Promise.promise();

    // One request every 10 ms for 3 s: five times the permitted rate.
    vertx.setPeriodic(10, timer -> {
      long now = System.nanoTime();
      if (sentAt[0] == 0) {
        sentAt[0] = now;
      } else if (now - sentAt[0] >= 3_000_000_000L) {
        vertx.cancelTimer(timer);
        done.complete();
        return;
      }
      sentAt[1] = now;
      answers.add(http.send(HttpMethod.DELETE, uri, confluenceAdmin(), null));
    });
    await(done.future());
    await(Future.join(new ArrayList<>(answers)).otherwiseEmpty());

    double seconds = (sentAt[1] - sentAt[0]) / 1e9;
    long allowed = answers.stream().filter(answer -> answer.result().status() == 204).count();
    List<Answer> limited = answers.stream().map(Future::result).filter(answer -> answer.status() == 429).toList();
    long expected = Math.round(10 + 20 * seconds);
    assertThat(allowed).isBetween(expected - 3, expected + 1);
    assertThat(allowed + limited.size()).isEqualTo(answers.size());
    assertThat(limited).isNotEmpty().allSatisfy(answer -> {
      assertThat(answer.header("Retry-After")).isEqualTo("1");
      assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("10");
      assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Instant.parse(answer.header("X-RateLimit-Reset"))).isAfter(Instant.now().minusSeconds(5));
      assertThat(answer.body()).isEmpty();
    });
    JsonObject confluence = http.counters().getJsonObject("confluence");
    assertThat(confluence.getLong("rateLimited429")).isEqualTo(limited.size());
    assertThat(confluence.getLong("injected429")).isZero();
  }

  @Test
  void rateLimitIsPerCredential() {
    setRateLimit(RateLimit.of(0.5, 2));
    String uri = removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);

    List<Integer> basic = http.sequentially(3, HttpMethod.DELETE, uri, confluenceAdmin());
    Answer limited = http.call(HttpMethod.DELETE, uri, confluenceAdmin());
    Answer otherCredential = http.call(HttpMethod.DELETE, uri, bearer(OAUTH_TOKEN));
    Answer capillary = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);

    assertThat(basic).containsExactly(204, 204, 429);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("2");
    assertThat(otherCredential.status()).isEqualTo(204);
    assertThat(capillary.status()).isEqualTo(200);
  }

  @Test
  void capillaryRateLimitAnswers429WithRetryAfterAndJsonBody() {
    setRateLimit(RateLimit.of(1, 1));

    Answer first = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);
    Answer second = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("Retry-After")).isEqualTo("1");
    assertThat(second.header("Content-Type")).isEqualTo("application/json");
    assertThat(second.json().getBoolean("success")).isFalse();
    assertThat(second.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(9904);
    assertThat(http.counters().getJsonObject("capillary").getLong("rateLimited429")).isEqualTo(1);
  }

  @Test
  void rateLimitRoundTripsThroughTheAdminApiAndNeverLimitsIt() {
    JsonObject initial = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);
    setRateLimit(RateLimit.of(1, 1));
    JsonObject set = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);
    List<Future<Answer>> admin = http.many(20, HttpMethod.GET, "/_sandbox/counters", null);
    Answer invalid = http.admin(HttpMethod.PUT, "/_sandbox/rate-limit",
        new JsonObject().put("permitsPerSecond", 5).put("burst", 0));
    JsonObject off = http.adminOk(HttpMethod.DELETE, "/_sandbox/rate-limit", null);

    assertThat(RateLimit.fromJson(initial)).isEqualTo(RateLimit.off());
    assertThat(RateLimit.fromJson(set)).isEqualTo(RateLimit.of(1, 1));
    assertThat(admin).allSatisfy(answer -> assertThat(answer.result().status()).isEqualTo(200));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(RateLimit.fromJson(off)).isEqualTo(RateLimit.off());
    assertThat(http.sequentially(5, HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP),
        confluenceAdmin())).containsOnly(204);
  }
}
