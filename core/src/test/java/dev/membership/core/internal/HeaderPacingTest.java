package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pace the rate-limit headers allow, called directly with the time: no server, no clock. */
class HeaderPacingTest {

  private static final long SECOND = 1_000_000_000L;
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  private final HeaderPacing pacing = new HeaderPacing();

  @Test
  void saysNothingUntilTheHeadersDo() {
    pacing.read(RateLimitHeaders.NONE, 0, T0);

    assertThat(pacing.limit()).isInfinite();
  }

  @Test
  void spendsWhatIsLeftEvenlyUntilTheResetThenForgetsIt() {
    pacing.read(new RateLimitHeaders(8, T0.plusSeconds(4), false, false), 0, T0);

    assertThat(pacing.limit()).isCloseTo(2.0, within(1e-9));
    pacing.expire(3 * SECOND);
    assertThat(pacing.limit()).isCloseTo(2.0, within(1e-9));
    pacing.expire(4 * SECOND);
    assertThat(pacing.limit()).isInfinite();
  }

  @Test
  void neverPacesBelowTheSlowestRateNorBySpentQuota() {
    pacing.read(new RateLimitHeaders(1, T0.plusSeconds(3600), false, false), 0, T0);
    assertThat(pacing.limit()).isEqualTo(CubicRate.MIN_RATE);

    HeaderPacing spent = new HeaderPacing();
    spent.read(new RateLimitHeaders(0, T0.plusSeconds(60), false, false), 0, T0);
    assertThat(spent.limit()).as("a spent quota closes the lane instead").isInfinite();
  }
}
