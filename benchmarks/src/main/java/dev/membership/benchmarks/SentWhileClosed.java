package dev.membership.benchmarks;

import dev.membership.core.LaneState;
import dev.membership.core.Membership;
import dev.membership.core.RemovalListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the attempts a remover sent while its listener had last been told the lane was closed. */
final class SentWhileClosed implements RemovalListener {

  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();

  @Override
  public void onLaneChange(LaneState state) {
    closed.set(state.closed());
  }

  @Override
  public void onAttempt(Membership membership, int attempt) {
    if (closed.get()) {
      sent.incrementAndGet();
    }
  }

  long count() {
    return sent.get();
  }
}
