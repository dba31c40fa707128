package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The adaptive rate, called directly with the time: no server, no clock. */
class CubicRateTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;

  @Test
  void withoutACeilingItStartsAt10PerSecondAndDoublesEvery200msWhileItHoldsRequestsBack() {
    CubicRate rate = new CubicRate(Double.POSITIVE_INFINITY, 0);

    rate.grow(200 * MS, true);
    double afterOneDoubling = rate.rate();
    rate.grow(400 * MS, false); // another limit held them back: no growth
    rate.grow(600 * MS, true);

    assertThat(afterOneDoubling).isCloseTo(20.0, within(1e-9));
    assertThat(rate.rate()).isCloseTo(40.0, within(1e-9));
  }

  @Test
  void aConfiguredRateIsWhereItStartsAndItsCeiling() {
    CubicRate rate = new CubicRate(50, 0);

    rate.grow(SECOND, true);

    assertThat(rate.rate()).isEqualTo(50);
  }

  @Test
  void theFirstDecreaseHalvesASlowStartAndEndsIt() {
    CubicRate rate = new CubicRate(Double.POSITIVE_INFINITY, 0);
    rate.grow(600 * MS, true); // 80/s

    rate.decrease(600 * MS);

    assertThat(rate.rate()).isCloseTo(0.9 * 40, within(1e-9));
    rate.grow(700 * MS, true);
    assertThat(rate.rate()).as("no longer doubling").isLessThan(0.9 * 40 * 1.1);
  }

  @Test
  void aLaterDecreaseStartsFromWhatTheProviderAccepted() {
    CubicRate rate = new CubicRate(Double.POSITIVE_INFINITY, 0);
    rate.grow(800 * MS, true); // 160/s
    rate.decrease(800 * MS); // 72/s, slow start over
    for (long t = 1_000 * MS; t < 3_000 * MS; t += 20 * MS) {
      rate.accepted(t); // 50 a second accepted over the last window
    }

    rate.decrease(3_000 * MS);

    assertThat(rate.rate()).isCloseTo(0.9 * 50, within(0.9 * 50 * 0.05));
  }

  @Test
  void afterADecreaseItIsBackAtTheReferenceIn4sThenGrowsPastIt() {
    CubicRate rate = new CubicRate(Double.POSITIVE_INFINITY, 0);
    rate.decrease(0); // slow start: reference 5/s, rate 4.5/s
    for (long t = 100 * MS; t <= 4_000 * MS; t += 100 * MS) {
      rate.grow(t, true);
    }
    double atK = rate.rate();
    for (long t = 4_100 * MS; t <= 10_000 * MS; t += 100 * MS) {
      rate.grow(t, true);
    }

    assertThat(atK).isCloseTo(5.0, within(0.01));
    assertThat(rate.rate()).isGreaterThan(5.0 * 1.3);
  }

  @Test
  void aMeasuringWindowMustPassBetweenTwoDecreasesForANearLimit() {
    CubicRate rate = new CubicRate(Double.POSITIVE_INFINITY, 0);
    assertThat(rate.windowSinceDecrease(0)).isTrue();

    rate.decrease(SECOND);

    assertThat(rate.windowSinceDecrease(2 * SECOND)).isFalse();
    assertThat(rate.windowSinceDecrease(3 * SECOND)).isTrue();
  }
}
