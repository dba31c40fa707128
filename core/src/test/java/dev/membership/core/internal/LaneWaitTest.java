package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The decision whether a removal waits for a closed lane, called directly. */
class LaneWaitTest {

  private static final long SECOND = 1_000_000_000L;

  /** A closure asked for {@code askedSeconds}, bounded by {@code boundSeconds}, ending at {@code untilSeconds}. */
  private static Lane.Closure closure(long untilSeconds, long askedSeconds, long boundSeconds) {
    return new Lane.Closure(untilSeconds * SECOND, Instant.EPOCH.plusSeconds(untilSeconds), "HTTP 429",
        Duration.ofSeconds(askedSeconds), Duration.ofSeconds(boundSeconds));
  }

  @Test
  void waitsWhenTheLaneIsNotClosed() {
    assertThat(LaneWait.of(null, false, 0)).isEqualTo(LaneWait.Verdict.WAIT);
    assertThat(LaneWait.of(null, true, 0)).isEqualTo(LaneWait.Verdict.WAIT);
  }

  @Test
  void waitsForAClosureWithinItsBoundThatEndsBeforeTheDeadline() {
    assertThat(LaneWait.of(closure(30, 30, 60), false, 31 * SECOND)).isEqualTo(LaneWait.Verdict.WAIT);
  }

  @Test
  void endsARemovalWhoseDeadlineComesBeforeTheLaneOpens() {
    assertThat(LaneWait.of(closure(30, 30, 60), false, 29 * SECOND)).isEqualTo(LaneWait.Verdict.PAST_DEADLINE);
    assertThat(LaneWait.of(closure(30, 30, 60), false, 30 * SECOND)).as("no attempt starts at the deadline")
        .isEqualTo(LaneWait.Verdict.PAST_DEADLINE);
  }

  @Test
  void theDeadlineComesFirstForARemovalThatHasOneAndTheBoundForABulkRunsRemoval() {
    Lane.Closure tooLong = closure(999_999, 999_999, 60);

    assertThat(LaneWait.of(tooLong, false, 4 * SECOND)).isEqualTo(LaneWait.Verdict.PAST_DEADLINE);
    assertThat(LaneWait.of(tooLong, false, 2_000_000 * SECOND)).isEqualTo(LaneWait.Verdict.BEYOND_BOUND);
    assertThat(LaneWait.of(tooLong, true, 4 * SECOND)).isEqualTo(LaneWait.Verdict.BEYOND_BOUND);
  }

  @Test
  void aBulkRunsRemovalWaitsOutABoundedClosurePastItsDeadline() {
    assertThat(LaneWait.of(closure(3_000, 3_000, 3_600), true, 5 * SECOND)).isEqualTo(LaneWait.Verdict.WAIT);
  }

  @Test
  void aClosureExactlyAtItsBoundIsWaitedFor() {
    assertThat(LaneWait.of(closure(60, 60, 60), true, 0)).isEqualTo(LaneWait.Verdict.WAIT);
    assertThat(LaneWait.of(closure(61, 61, 60), true, 0)).isEqualTo(LaneWait.Verdict.BEYOND_BOUND);
  }

  @Test
  void comparesTimesAcrossTheClocksOverflow() {
    long nearTheEnd = Long.MAX_VALUE - 10 * SECOND;
    Lane.Closure wrapped = new Lane.Closure(nearTheEnd + 20 * SECOND, Instant.EPOCH, "HTTP 429",
        Duration.ofSeconds(20), Duration.ofSeconds(60));

    assertThat(LaneWait.of(wrapped, false, nearTheEnd + 5 * SECOND)).isEqualTo(LaneWait.Verdict.PAST_DEADLINE);
    assertThat(LaneWait.of(wrapped, false, nearTheEnd + 25 * SECOND)).isEqualTo(LaneWait.Verdict.WAIT);
  }
}
