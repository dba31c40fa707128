package dev.membership.cli;

import dev.membership.core.LaneState;
import dev.membership.core.Provider;
import dev.membership.core.RemovalListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * The command's own line on stderr, at once, for each lane change an operator needs to know of: a provider paused
 * ({@code warning: confluence paused 60 s (HTTP 429)}), and open again after it. A cut of the adaptive rate or a
 * probe shows on the progress line only; a refusal of the credentials gets the command's error.
 */
final class LaneWarnings implements RemovalListener {

  private final PrintWriter err;
  /** The providers whose lane is paused; under this object's lock. */
  private final Set<Provider> paused = EnumSet.noneOf(Provider.class);

  LaneWarnings(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void onLaneChange(LaneState state) {
    String line = line(state, paused.contains(state.provider()), Instant.now());
    if (state.closed() && state.until() != null) {
      paused.add(state.provider());
    } else if (state.status() == LaneState.Status.OPEN) {
      paused.remove(state.provider());
    }
    if (line != null) {
      err.println(line);
      err.flush();
    }
  }

  /** The line for {@code state} at {@code now}, or null if it needs none. */
  static String line(LaneState state, boolean wasPaused, Instant now) {
    String provider = state.provider().key();
    if (state.closed() && state.until() != null) {
      long seconds = Math.max(1, Math.round(Duration.between(now, state.until()).toMillis() / 1000.0));
      return "warning: " + provider + " paused " + seconds + " s"
          + (state.reason() == null ? "" : " (" + state.reason() + ")");
    }
    return state.status() == LaneState.Status.OPEN && wasPaused ? provider + " open again" : null;
  }
}
