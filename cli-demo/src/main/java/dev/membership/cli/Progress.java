package dev.membership.cli;

import dev.membership.core.LaneState;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a bulk run on stderr: a progress bar when stderr is a terminal, else a plain line every two
 * seconds (and at the end), which reads well in CI logs and files. Each provider's lane is on it: its rate while
 * open ({@code confluence open at 42.0/s}), until when and why while closed ({@code confluence paused until
 * 14:00:00Z: quota}); a lane's closing and its opening get the command's own line at once ({@link LaneWarnings}).
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private final PrintWriter err;
  private final Tally tally;
  private final long total;
  private long lastLine = System.nanoTime();
  /** Each provider's lane, while closed. */
  private final java.util.Map<dev.membership.core.Provider, LaneState> closed =
      new java.util.EnumMap<>(dev.membership.core.Provider.class);

  private final Supplier<List<LaneState>> lanes;

  private Progress(ProgressBar bar, PrintWriter err, Tally tally, long total, Supplier<List<LaneState>> lanes) {
    this.lanes = lanes;
    this.bar = bar;
    this.err = err;
    this.tally = tally;
    this.total = total;
  }

  /** Starts showing the progress of {@code total} rows; {@code lanes} gives the remover's lanes (none: empty). */
  static Progress start(String task, long total, PrintWriter err, Tally tally, Supplier<List<LaneState>> lanes) {
    if (System.console() != null) {
      ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
      return new Progress(bar, err, tally, total, lanes);
    }
    return new Progress(null, err, tally, total, lanes);
  }

  synchronized void step() {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(message());
      return;
    }
    long now = System.nanoTime();
    if (now - lastLine >= 2_000_000_000L) {
      lastLine = now;
      printLine();
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    } else {
      printLine();
    }
  }

  /** A provider's lane changed: a closed lane is shown until it opens. */
  synchronized void lane(LaneState state) {
    if (state.closed()) {
      closed.put(state.provider(), state);
    } else if (state.status() == LaneState.Status.OPEN) {
      closed.remove(state.provider());
    } else {
      return; // probing: still shown as paused until the probe's answer opens it
    }
    if (bar != null) {
      bar.setExtraMessage(message());
    } // plain lines: the command's own warning line says it at once (LaneWarnings), the next progress line shows it
  }

  /** The tally, then each lane: as the listener last told it while it is closed, else as it is now. */
  private String message() {
    StringBuilder message = new StringBuilder(tally.line());
    for (LaneState now : lanes.get()) {
      message.append("; ").append(closed.getOrDefault(now.provider(), now));
    }
    return message.toString();
  }

  private void printLine() {
    long done = tally.done() + tally.skippedCount();
    // A file that grew while it was read has more rows than were counted at the start.
    err.printf("progress: %d of %d rows (%s)%n", done, Math.max(done, total), message());
    err.flush();
  }
}
