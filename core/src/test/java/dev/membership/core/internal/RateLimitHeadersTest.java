package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading Atlassian's rate-limit headers: what they say, and every bad value ignored without an exception. */
class RateLimitHeadersTest {

  private static final Instant NOW = Instant.parse("2026-12-02T13:59:00Z");

  private static RateLimitHeaders read(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return RateLimitHeaders.of(headers, NOW);
  }

  @Test
  void readsRemainingAndResetAndSpreadsWhatIsLeftEvenly() {
    RateLimitHeaders h = read("X-RateLimit-Remaining", "120", "X-RateLimit-Reset", "2026-12-02T14:00:00Z",
        "X-RateLimit-Limit", "1000");

    assertThat(h.remaining()).isEqualTo(120);
    assertThat(h.reset()).isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
    assertThat(h.evenRate(NOW)).isEqualTo(2.0);
    assertThat(h.spent(NOW)).isFalse();
  }

  @Test
  void readsAnOffsetAndFractionsOfASecondAndNamesMatchInAnyCase() {
    RateLimitHeaders h = read("x-ratelimit-remaining", "0", "X-RATELIMIT-RESET", "2026-12-02T15:00:00.500+01:00");

    assertThat(h.reset()).isEqualTo(Instant.parse("2026-12-02T14:00:00.500Z"));
    assertThat(h.spent(NOW)).isTrue();
  }

  @Test
  void readsTheBetaHeaderWithEntriesInAnyOrderAndTakesTheTightest() {
    RateLimitHeaders h = read("Beta-RateLimit", "\"global-app-quota\";r=65000;t=3600, \"x\";t=10;r=5");

    assertThat(h.remaining()).isEqualTo(5);
    assertThat(h.reset()).isEqualTo(NOW.plusSeconds(10));
  }

  @Test
  void theInstantOfXRateLimitResetWinsOverTheWholeSecondsOfTheSameQuotasBetaEntry() {
    RateLimitHeaders same = read("X-RateLimit-Remaining", "150", "X-RateLimit-Reset", "2026-12-02T13:59:00.300Z",
        "Beta-RateLimit", "\"global-app-quota\";r=150;t=1");
    RateLimitHeaders tighter = read("X-RateLimit-Remaining", "150", "X-RateLimit-Reset", "2026-12-02T13:59:00.300Z",
        "Beta-RateLimit", "\"other\";r=2;t=1");

    assertThat(same.evenRate(NOW)).isEqualTo(500.0);
    assertThat(tighter.remaining()).isEqualTo(2);
  }

  @Test
  void aSpentQuotaIsOneWhoseResetIsStillAhead() {
    assertThat(read("Beta-RateLimit", "\"q\";r=0;t=60").spent(NOW)).isTrue();
    assertThat(read("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "2026-12-02T13:00:00Z").spent(NOW)).isFalse();
  }

  @Test
  void nearLimitAndAQuotaReasonAreReadLoosely() {
    assertThat(read("X-RateLimit-NearLimit", " TRUE ").nearLimit()).isTrue();
    assertThat(read("X-RateLimit-NearLimit", "false").nearLimit()).isFalse();
    assertThat(read("RateLimit-Reason", "confluence-quota-tenant-based").quota()).isTrue();
    assertThat(read("RateLimit-Reason", "Jira-Quota-Global-Based").quota()).isTrue();
    assertThat(read("RateLimit-Reason", "burst").quota()).isFalse();
  }

  @Test
  void everyMalformedValueIsIgnored() {
    String[][] bad = {
        {"X-RateLimit-Remaining", "-1", "X-RateLimit-Reset", "2026-12-02T14:00:00Z"},
        {"X-RateLimit-Remaining", "1e3", "X-RateLimit-Reset", "2026-12-02T14:00:00Z"},
        {"X-RateLimit-Remaining", "", "X-RateLimit-Reset", "2026-12-02T14:00:00Z"},
        {"X-RateLimit-Remaining", "10", "X-RateLimit-Reset", "1764684000"},
        {"X-RateLimit-Remaining", "10", "X-RateLimit-Reset", "Wed, 02 Dec 2026 14:00:00 GMT"},
        {"X-RateLimit-Remaining", "10", "X-RateLimit-Reset", "x".repeat(10_000)},
        {"X-RateLimit-Remaining", "10"},
        {"X-RateLimit-Reset", "2026-12-02T14:00:00Z"},
        {"Beta-RateLimit", "\"q\";r=;t=5"},
        {"Beta-RateLimit", "\"q\";r=5;t=-5"},
        {"Beta-RateLimit", ";;;,,,"},
        {"Beta-RateLimit", "garbage"},
        {"Beta-RateLimit", "\"q\";r=5"},
    };
    for (String[] headers : bad) {
      RateLimitHeaders h = read(headers);
      assertThat(h.known()).as(String.join(" ", headers)).isFalse();
      assertThat(h.evenRate(NOW)).isNaN();
    }
  }

  @Test
  void aResetCenturiesAwayOrAgoIsBroughtWithinAYearSoThatNothingOverflows() {
    for (String reset : new String[] {"2400-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z"}) {
      RateLimitHeaders h = read("X-RateLimit-Remaining", "5", "X-RateLimit-Reset", reset);

      assertThat(h.reset()).as(reset).isBetween(NOW.minus(java.time.Duration.ofDays(366)),
          NOW.plus(java.time.Duration.ofDays(366)));
      assertThat(h.spent(NOW)).isFalse();
      h.evenRate(NOW); // no ArithmeticException
    }
  }

  @Test
  void aHugeCountIsCappedNotAnOverflow() {
    RateLimitHeaders h = read("Beta-RateLimit", "\"q\";r=99999999999999999999999999;t=9999999999999999999999");

    assertThat(h.remaining()).isPositive();
    assertThat(h.reset()).isAfter(NOW);
  }

  @Test
  void aHeaderSentTwiceWithDifferentValuesIsIgnoredAndTwiceWithTheSameIsRead() {
    assertThat(read("X-RateLimit-Remaining", "10", "X-RateLimit-Remaining", "20",
        "X-RateLimit-Reset", "2026-12-02T14:00:00Z").known()).isFalse();
    assertThat(read("X-RateLimit-Remaining", "10", "X-RateLimit-Remaining", "10",
        "X-RateLimit-Reset", "2026-12-02T14:00:00Z").remaining()).isEqualTo(10);
  }

  @Test
  void noHeadersSayNothing() {
    assertThat(RateLimitHeaders.of(null, NOW)).isEqualTo(RateLimitHeaders.NONE);
    assertThat(read().known()).isFalse();
  }
}
