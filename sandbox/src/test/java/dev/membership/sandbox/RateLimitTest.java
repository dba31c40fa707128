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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-credential rate limit's regimes: the unannounced token bucket (its long-run rate and bare 429s), the points
 * quota over epoch-aligned windows (its headers on Confluence, its JSON 429 on Capillary), both together, a scheduled
 * change, and the limit a seed sets.
 */
class RateLimitTest extends SandboxTestSupport {

  /** The beta header's one entry: {@code r} the points left, {@code t} the seconds to the window's end. */
  private static final Pattern BETA = Pattern.compile("^\"global-app-quota\";r=(\\d+);t=(\\d+)$");

  private void setRateLimit(SandboxRateLimit limit) {
    http.adminOk(HttpMethod.PUT, "/_sandbox/rate-limit", limit.toJson());
  }

  @Test
  void rateLimitHoldsOverThreeSeconds() {
    setRateLimit(SandboxRateLimit.of(20, 10));
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
      assertThat(rateLimitHeaders(answer)).as("an unannounced limit").isEmpty();
      assertThat(answer.body()).isEmpty();
    });
    assertThat(answers).allSatisfy(answer -> assertThat(rateLimitHeaders(answer.result())).isEmpty());
    JsonObject confluence = http.counters().getJsonObject("confluence");
    assertThat(confluence.getLong("rateLimited429")).isEqualTo(limited.size());
    assertThat(confluence.getLong("injected429")).isZero();
  }

  @Test
  void rateLimitIsPerCredential() {
    setRateLimit(SandboxRateLimit.of(0.5, 2));
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
    setRateLimit(SandboxRateLimit.of(1, 1));

    Answer first = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);
    Answer second = http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("Retry-After")).isEqualTo("1");
    assertThat(second.header("Content-Type")).isEqualTo("application/json");
    assertThat(second.json().getBoolean("success")).isFalse();
    assertThat(second.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(9904);
    assertThat(rateLimitHeaders(second)).isEmpty();
    assertThat(http.counters().getJsonObject("capillary").getLong("rateLimited429")).isEqualTo(1);
  }

  @Test
  void rateLimitRoundTripsThroughTheAdminApiAndNeverLimitsIt() {
    JsonObject initial = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);
    setRateLimit(SandboxRateLimit.of(1, 1));
    JsonObject set = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);
    List<Future<Answer>> admin = http.many(20, HttpMethod.GET, "/_sandbox/counters", null);
    Answer invalid = http.admin(HttpMethod.PUT, "/_sandbox/rate-limit",
        new JsonObject().put("permitsPerSecond", 5).put("burst", 0));
    JsonObject off = http.adminOk(HttpMethod.DELETE, "/_sandbox/rate-limit", null);

    assertThat(SandboxRateLimit.fromJson(initial)).isEqualTo(SandboxRateLimit.off());
    assertThat(SandboxRateLimit.fromJson(set)).isEqualTo(SandboxRateLimit.of(1, 1));
    assertThat(admin).allSatisfy(answer -> assertThat(answer.result().status()).isEqualTo(200));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(SandboxRateLimit.fromJson(off)).isEqualTo(SandboxRateLimit.off());
    assertThat(http.sequentially(5, HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP),
        confluenceAdmin())).containsOnly(204);
  }

  // ---- the points quota ----

  @Test
  void quotaSpendsAPointPerRequestAndConfluenceAnnouncesItOnEveryAnswer() throws InterruptedException {
    long end = windowEndWithRoom(1_500, 1_000);
    setRateLimit(SandboxRateLimit.quota(5, 1.5));
    List<Timed> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // The third removes an unknown account: a 404 spends a point and is announced too.
      answers.add(timed(removeUri(CONFLUENCE_GROUP, i == 2 ? "no-such-account" : ACCOUNT_IN_NO_GROUP),
          confluenceAdmin()));
    }
    assertThat(answers.get(5).after()).as("the six requests fit in one window").isLessThan(end);

    String reset = Instant.ofEpochMilli(end).toString();
    List<Integer> statuses = List.of(204, 204, 404, 204, 204);
    for (int i = 0; i < 5; i++) {
      Timed timed = answers.get(i);
      Answer answer = timed.answer();
      int remaining = 4 - i;
      assertThat(answer.status()).isEqualTo(statuses.get(i));
      assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("5");
      assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
      assertThat(answer.header("X-RateLimit-Reset")).isEqualTo(reset);
      // Fewer than 20 % left: only 0 of 5 (1 of 5 is exactly 20 %).
      assertThat(answer.header("X-RateLimit-NearLimit")).isEqualTo(remaining == 0 ? "true" : null);
      assertThat(answer.header("Beta-RateLimit-Policy")).isEqualTo("\"global-app-quota\";q=5;w=1.5");
      assertThat(betaRemaining(answer)).isEqualTo(remaining);
      assertThat(betaSecondsToReset(answer)).isBetween(secondsUntil(end, timed.after()),
          secondsUntil(end, timed.before()));
      assertThat(answer.header("Retry-After")).isNull();
      assertThat(answer.header("RateLimit-Reason")).isNull();
    }
    Timed sixth = answers.get(5);
    Answer refused = sixth.answer();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body()).isEmpty();
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isEqualTo(betaSecondsToReset(refused))
        .isBetween(secondsUntil(end, sixth.after()), secondsUntil(end, sixth.before()));
    assertThat(refused.header("RateLimit-Reason")).isEqualTo("confluence-quota-tenant-based");
    assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo(reset);
    assertThat(refused.header("X-RateLimit-NearLimit")).isEqualTo("true");
    assertThat(refused.header("Beta-RateLimit-Policy")).isEqualTo("\"global-app-quota\";q=5;w=1.5");
    assertThat(betaRemaining(refused)).isZero();
    JsonObject confluence = http.counters().getJsonObject("confluence");
    assertThat(confluence.getLong("rateLimited429")).isEqualTo(1);
    assertThat(confluence.getJsonObject("statuses").getLong("429")).isEqualTo(1);

    sleepUntil(end + 10);
    Answer nextWindow = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);

    assertThat(nextWindow.status()).isEqualTo(204);
    assertThat(nextWindow.header("X-RateLimit-Remaining")).isEqualTo("4");
    assertThat(nextWindow.header("X-RateLimit-Reset")).isEqualTo(Instant.ofEpochMilli(end + 1_500).toString());
  }

  @Test
  void capillaryQuotaIsAFixedWindowRefusedWithItsJsonBodyAndNoQuotaHeaders() throws InterruptedException {
    long end = windowEndWithRoom(500, 300);
    setRateLimit(SandboxRateLimit.quota(2, 0.5));
    List<Timed> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(timed(SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_NO_GROUP), SandboxHttp.capillaryAuth()));
    }
    assertThat(answers.get(2).after()).as("the three requests fit in one window").isLessThan(end);

    assertThat(answers).extracting(timed -> timed.answer().status()).containsExactly(200, 200, 429);
    Answer refused = answers.get(2).answer();
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.header("Content-Type")).isEqualTo("application/json");
    assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getInteger("code")).isEqualTo(9904);
    assertThat(answers).allSatisfy(timed -> assertThat(rateLimitHeaders(timed.answer())).isEmpty());
    assertThat(http.counters().getJsonObject("capillary").getLong("rateLimited429")).isEqualTo(1);

    sleepUntil(end + 10);
    assertThat(http.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP).status()).isEqualTo(200);
  }

  @Test
  void aRequestRefusedByTheTokenBucketSpendsNoQuotaPoint() throws InterruptedException {
    long end = windowEndWithRoom(60_000, 3_000);
    setRateLimit(SandboxRateLimit.of(2, 1).withQuota(3, 60));

    Answer first = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    Answer byBucket = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    Thread.sleep(600);
    Answer afterRefill = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    assertThat(System.currentTimeMillis()).as("the requests fit in one window").isLessThan(end);

    assertThat(first.status()).isEqualTo(204);
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("2");
    assertThat(byBucket.status()).isEqualTo(429);
    assertThat(byBucket.header("Retry-After")).isEqualTo("1");
    assertThat(byBucket.header("X-RateLimit-Remaining")).isEqualTo("2");
    assertThat(betaRemaining(byBucket)).isEqualTo(2);
    assertThat(byBucket.header("RateLimit-Reason")).as("the quota did not refuse it").isNull();
    assertThat(afterRefill.status()).isEqualTo(204);
    assertThat(afterRefill.header("X-RateLimit-Remaining")).isEqualTo("1");
    assertThat(http.counters().getJsonObject("confluence").getLong("rateLimited429")).isEqualTo(1);
  }

  // ---- a limit that changes ----

  @Test
  void aScheduledChangeTakesOverAfterItsTime() throws InterruptedException {
    SandboxRateLimit limit = SandboxRateLimit.of(0.5, 1).changingAfter(0.3, SandboxRateLimit.quota(3, 60));
    long putAt = System.nanoTime();
    setRateLimit(limit);
    long setAt = System.nanoTime();
    JsonObject configured = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);
    Answer first = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    Answer second = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    assertThat(System.nanoTime() - putAt).as("the first requests came before the change").isLessThan(300_000_000L);

    // The sandbox set the limit between putAt and setAt, so 0.3 s after setAt the change is due.
    Thread.sleep(Math.max(0, (setAt + 350_000_000L - System.nanoTime()) / 1_000_000));
    Answer changed = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    Answer again = http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP);
    JsonObject inForce = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);

    assertThat(SandboxRateLimit.fromJson(configured)).isEqualTo(limit);
    assertThat(configured).isEqualTo(new JsonObject("""
        {"permitsPerSecond": 0.5, "burst": 1, "changeAfterSeconds": 0.3,
         "changeTo": {"permitsPerSecond": 0.0, "burst": 0, "quotaPoints": 3, "quotaWindowSeconds": 60.0}}"""));
    assertThat(first.status()).isEqualTo(204);
    assertThat(second.status()).isEqualTo(429);
    assertThat(second.header("Retry-After")).isEqualTo("2");
    assertThat(changed.status()).as("the bucket is gone").isEqualTo(204);
    assertThat(changed.header("X-RateLimit-Limit")).as("the quota took over").isEqualTo("3");
    assertThat(again.status()).isEqualTo(204);
    assertThat(SandboxRateLimit.fromJson(inForce)).isEqualTo(SandboxRateLimit.quota(3, 60));
  }

  @Test
  void rateLimitJsonRoundTripsEveryRegimeAndABadFieldIsNamed() {
    SandboxRateLimit everything = SandboxRateLimit.of(10, 5).withQuota(100, 3600).changingAfter(2.5, SandboxRateLimit.quota(50, 60));

    JsonObject put = http.adminOk(HttpMethod.PUT, "/_sandbox/rate-limit", everything.toJson());
    JsonObject got = http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);

    assertThat(SandboxRateLimit.fromJson(put)).isEqualTo(everything);
    assertThat(SandboxRateLimit.fromJson(got)).isEqualTo(everything);
    assertThat(badRateLimit("{\"quotaPoints\": 5, \"quotaWindowSecond\": 2}"))
        .startsWith("unknown rate limit setting: quotaWindowSecond");
    assertThat(badRateLimit("{\"quotaPoints\": 5}")).contains("quotaWindowSeconds");
    assertThat(badRateLimit("{\"quotaPoints\": 0, \"quotaWindowSeconds\": 2}")).contains("quotaPoints");
    assertThat(badRateLimit("{\"quotaPoints\": 5, \"quotaWindowSeconds\": -2}")).contains("quotaWindowSeconds");
    assertThat(badRateLimit("{\"quotaPoints\": \"5\", \"quotaWindowSeconds\": 2}"))
        .isEqualTo("rate limit setting quotaPoints must be a number");
    assertThat(badRateLimit("{\"permitsPerSecond\": 1, \"burst\": 2.5}"))
        .startsWith("rate limit setting burst must be a whole number");
    assertThat(badRateLimit("{\"changeAfterSeconds\": 1}")).contains("changeTo");
    assertThat(badRateLimit("{\"changeAfterSeconds\": 0, \"changeTo\": {}}")).contains("changeAfterSeconds");
    assertThat(badRateLimit("{\"changeAfterSeconds\": 1, \"changeTo\": {\"burts\": 1}}"))
        .startsWith("unknown rate limit setting: changeTo.burts");
    assertThat(badRateLimit("{\"changeAfterSeconds\": 1, \"changeTo\": {\"changeAfterSeconds\": 1}}"))
        .isEqualTo("changeTo cannot schedule a change of its own: changeTo.changeAfterSeconds");
    assertThat(badRateLimit("{\"changeAfterSeconds\": 1, \"changeTo\": 5}")).contains("changeTo must be a JSON object");
    assertThat(SandboxRateLimit.fromJson(http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null))).isEqualTo(everything);
  }

  // ---- the seed's rate limit ----

  @Test
  void aSeedsRateLimitIsInForceAtStartAndAfterResetUnlessTheOptionsSetOne(@TempDir Path dir) throws Exception {
    SandboxRateLimit seeded = SandboxRateLimit.quota(2, 60);
    Path file = dir.resolve("seed.json");
    Files.writeString(file, SeedSource.demo().read().put("rateLimit", seeded.toJson()).encodePrettily());
    Sandbox fromSeed = await(Sandbox.start(vertx, SandboxOptions.custom().instances(1)
        .seed(SeedSource.file(file)).build()));
    Sandbox overridden = await(Sandbox.start(vertx, SandboxOptions.custom().instances(1)
        .seed(SeedSource.file(file)).rateLimit(SandboxRateLimit.off()).build()));
    try (SandboxHttp seededHttp = new SandboxHttp(vertx, fromSeed.port());
        SandboxHttp overriddenHttp = new SandboxHttp(vertx, overridden.port())) {
      long end = windowEndWithRoom(60_000, 3_000);
      String leave = SandboxHttp.leaveUri(GROUP, "mobile", MOBILE_IN_NO_GROUP);
      JsonObject atStart = seededHttp.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null);
      List<Integer> limited = seededHttp.sequentially(3, HttpMethod.DELETE, leave, SandboxHttp.capillaryAuth());
      long before = System.currentTimeMillis();
      Answer refused = seededHttp.leave(GROUP, "mobile", MOBILE_IN_NO_GROUP);
      long after = System.currentTimeMillis();
      seededHttp.adminOk(HttpMethod.DELETE, "/_sandbox/rate-limit", null);
      List<Integer> off = seededHttp.sequentially(3, HttpMethod.DELETE, leave, SandboxHttp.capillaryAuth());
      JsonObject reset = seededHttp.adminOk(HttpMethod.POST, "/_sandbox/reset", null);
      List<Integer> afterReset = seededHttp.sequentially(3, HttpMethod.DELETE, leave, SandboxHttp.capillaryAuth());
      assertThat(System.currentTimeMillis()).as("the requests fit in one window").isLessThan(end);

      assertThat(SandboxRateLimit.fromJson(atStart)).isEqualTo(seeded);
      assertThat(limited).containsExactly(200, 200, 429);
      assertThat(refused.status()).isEqualTo(429);
      // Capillary's per-minute limit: Retry-After runs to the end of the minute.
      assertThat(Integer.parseInt(refused.header("Retry-After")))
          .isBetween(secondsUntil(end, after), secondsUntil(end, before));
      assertThat(off).containsOnly(200);
      assertThat(SandboxRateLimit.fromJson(reset.getJsonObject("rateLimit"))).isEqualTo(seeded);
      assertThat(afterReset).containsExactly(200, 200, 429);
      assertThat(SandboxRateLimit.fromJson(overriddenHttp.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null)))
          .isEqualTo(SandboxRateLimit.off());
      assertThat(overriddenHttp.sequentially(3, HttpMethod.DELETE, leave, SandboxHttp.capillaryAuth()))
          .containsOnly(200);
    } finally {
      await(fromSeed.close());
      await(overridden.close());
    }
  }

  @Test
  void aSeedsBadRateLimitIsRefusedNamingTheField() {
    JsonObject typo = SeedSource.demo().read()
        .put("rateLimit", new JsonObject().put("quotaPoints", 5).put("quotaWindowSecond", 2));
    JsonObject nested = SeedSource.demo().read().put("rateLimit", new JsonObject("""
        {"changeAfterSeconds": 1, "changeTo": {"permitsPerSecond": 1, "burts": 1}}"""));
    JsonObject notAnObject = SeedSource.demo().read().put("rateLimit", 5);

    Answer putState = http.admin(HttpMethod.PUT, "/_sandbox/state", typo);

    assertThat(startFailure(typo)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid rateLimit in seed: unknown rate limit setting: quotaWindowSecond");
    assertThat(startFailure(nested)).hasMessageContaining("changeTo.burts");
    assertThat(startFailure(notAnObject)).hasMessage("rateLimit in seed must be a JSON object");
    assertThat(putState.status()).isEqualTo(400);
    assertThat(putState.json().getString("error")).contains("quotaWindowSecond");
    assertThat(SandboxRateLimit.fromJson(http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null)))
        .isEqualTo(SandboxRateLimit.off());
  }

  @Test
  void putStateWithARateLimitSetsItToo() {
    JsonObject seed = SeedSource.demo().read().put("rateLimit", SandboxRateLimit.of(0.5, 1).toJson());

    http.adminOk(HttpMethod.PUT, "/_sandbox/state", seed);

    assertThat(SandboxRateLimit.fromJson(http.adminOk(HttpMethod.GET, "/_sandbox/rate-limit", null)))
        .isEqualTo(SandboxRateLimit.of(0.5, 1));
    assertThat(http.sequentially(2, HttpMethod.DELETE, removeUri(CONFLUENCE_GROUP, ACCOUNT_IN_NO_GROUP),
        confluenceAdmin())).containsExactly(204, 429);
    assertThat(SandboxRateLimit.fromJson(http.adminOk(HttpMethod.POST, "/_sandbox/reset", null)
        .getJsonObject("rateLimit"))).as("a reset returns to the initial limit").isEqualTo(SandboxRateLimit.off());
  }

  // ---- helpers ----

  /** An answer with the wall-clock milliseconds just before the request and just after its answer. */
  private record Timed(long before, Answer answer, long after) {}

  private Timed timed(String uri, String authorization) {
    long before = System.currentTimeMillis();
    Answer answer = http.call(HttpMethod.DELETE, uri, authorization);
    return new Timed(before, answer, System.currentTimeMillis());
  }

  /** The names of every rate-limit header of an answer ({@code X-RateLimit-*}, {@code Beta-RateLimit*}, …). */
  private static List<String> rateLimitHeaders(Answer answer) {
    return answer.headers().names().stream().filter(name -> name.toLowerCase(Locale.ROOT).contains("ratelimit"))
        .toList();
  }

  private static int betaRemaining(Answer answer) {
    return Integer.parseInt(beta(answer).group(1));
  }

  private static int betaSecondsToReset(Answer answer) {
    return Integer.parseInt(beta(answer).group(2));
  }

  private static Matcher beta(Answer answer) {
    String value = answer.header("Beta-RateLimit");
    assertThat(value).as("Beta-RateLimit").isNotNull().matches(BETA);
    Matcher matcher = BETA.matcher(value);
    assertThat(matcher.matches()).isTrue();
    return matcher;
  }

  /** Whole seconds from {@code epochMillis} to {@code end}, rounded up, at least 1: what Retry-After says. */
  private static int secondsUntil(long end, long epochMillis) {
    return (int) Math.max(1, Math.floorDiv(end - epochMillis + 999, 1000));
  }

  /**
   * The end of the current window of {@code windowMillis} (windows are aligned to the epoch, as the sandbox's),
   * after waiting for the next window if fewer than {@code neededMillis} of this one are left.
   */
  private static long windowEndWithRoom(long windowMillis, long neededMillis) throws InterruptedException {
    long now = System.currentTimeMillis();
    long end = (Math.floorDiv(now, windowMillis) + 1) * windowMillis;
    if (end - now < neededMillis) {
      sleepUntil(end + 5);
      end += windowMillis;
    }
    return end;
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    for (long wait = epochMillis - System.currentTimeMillis(); wait > 0;
        wait = epochMillis - System.currentTimeMillis()) {
      Thread.sleep(wait);
    }
  }

  private String badRateLimit(String json) {
    Answer answer = await(http.send(HttpMethod.PUT, "/_sandbox/rate-limit", null, json));
    assertThat(answer.status()).as("PUT %s", json).isEqualTo(400);
    return answer.json().getString("error");
  }

  private static Throwable startFailure(JsonObject seed) {
    try {
      Sandbox started = Sandbox.start(vertx, SandboxOptions.custom().instances(1).seed(SeedSource.document(seed))
          .build()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      await(started.close());
      throw new AssertionError("the sandbox started");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
