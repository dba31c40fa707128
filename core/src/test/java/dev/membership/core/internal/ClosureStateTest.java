package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.core.LaneState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A lane's closures and probes, called directly with the time: no server, no clock. */
class ClosureStateTest {

  private static final long SECOND = 1_000_000_000L;
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final Duration BOUND = Duration.ofSeconds(60);

  private final ClosureState state = new ClosureState();

  private Lane.Closure close(long atSeconds, long waitSeconds, long permitEpoch) {
    return state.close(atSeconds * SECOND, T0.plusSeconds(atSeconds), Duration.ofSeconds(waitSeconds), "HTTP 429",
        permitEpoch, BOUND);
  }

  @Test
  void aClosureLastsTheWholeWaitThenOneProbeGoesAndItsAnswerOpensTheLane() {
    Lane.Closure closure = close(0, 30, 0);

    assertThat(closure.until()).isEqualTo(T0.plusSeconds(30));
    assertThat(state.settle(29 * SECOND)).isNull();
    assertThat(state.status()).isEqualTo(LaneState.Status.CLOSED);
    assertThat(state.settle(30 * SECOND)).isEqualTo(closure);
    assertThat(state.takeProbe()).isTrue();
    assertThat(state.takeProbe()).as("one probe at a time").isFalse();
    assertThat(state.opened()).isTrue();
    assertThat(state.status()).isEqualTo(LaneState.Status.OPEN);
  }

  @Test
  void aWaitOfZeroIsASecondAndOneOfCenturiesIsAtMostAYearAndADay() {
    assertThat(close(0, 0, 0).asked()).isEqualTo(Duration.ofSeconds(1));
    assertThat(close(0, 100L * 365 * 24 * 3600, 1).asked())
        .isEqualTo(Duration.ofDays(ClosureState.MAX_CLOSURE_DAYS));
  }

  @Test
  void anEarlierPermitsAnswerChangesNothingUnlessItAsksForLonger() {
    close(0, 30, 0); // epoch 1

    assertThat(close(1, 10, 0)).as("ends before the closure in force").isNull();
    Lane.Closure extended = close(2, 40, 0);
    assertThat(extended.until()).isEqualTo(T0.plusSeconds(42));
    assertThat(state.epoch()).as("extended, not a new closure").isEqualTo(1);
  }

  @Test
  void anEarlierPermitsLongerWaitClosesTheLaneAgainAfterItOpened() {
    close(0, 1, 0);
    state.settle(SECOND);
    state.takeProbe();
    state.opened();

    Lane.Closure again = close(2, 120, 0);

    assertThat(again).isNotNull();
    assertThat(state.status()).isEqualTo(LaneState.Status.CLOSED);
    assertThat(state.epoch()).isEqualTo(2);
  }

  @Test
  void aRefusedProbeClosesTheLaneAgainAndFreesTheProbe() {
    close(0, 5, 0);
    state.settle(5 * SECOND);
    state.takeProbe();

    close(5, 5, state.epoch());

    assertThat(state.status()).isEqualTo(LaneState.Status.CLOSED);
    assertThat(state.probeOut()).isFalse();
  }

  @Test
  void anotherRemoversClosureClosesThisLaneUnlessItIsClosedAsLongAlready() {
    close(0, 30, 0);

    assertThat(state.closeShared(SECOND, T0.plusSeconds(1), Duration.ofSeconds(10), "HTTP 429", BOUND)).isNull();
    assertThat(state.closeShared(SECOND, T0.plusSeconds(1), Duration.ofSeconds(100), "quota", BOUND).until())
        .isEqualTo(T0.plusSeconds(101));
    assertThat(state.closeShared(SECOND, T0.plusSeconds(1), Duration.ZERO, "HTTP 429", BOUND)).isNull();
  }

  @Test
  void aClosureKnowsWhetherItIsLongerThanTheRemoverWaits() {
    assertThat(close(0, 60, 0).beyondBound()).isFalse();
    assertThat(close(0, 61, 1).beyondBound()).isTrue();
  }
}
