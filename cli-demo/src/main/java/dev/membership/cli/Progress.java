package dev.membership.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a bulk run on stderr: a progress bar when stderr is a terminal, else a plain line every two
 * seconds (and at the end), which reads well in CI logs and files.
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private final PrintWriter err;
  private final Tally tally;
  private final long total;
  private long lastLine = System.nanoTime();

  private Progress(ProgressBar bar, PrintWriter err, Tally tally, long total) {
    this.bar = bar;
    this.err = err;
    this.tally = tally;
    this.total = total;
  }

  static Progress start(String task, long total, PrintWriter err, Tally tally) {
    if (System.console() != null) {
      ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
      return new Progress(bar, err, tally, total);
    }
    return new Progress(null, err, tally, total);
  }

  synchronized void step() {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(tally.line());
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

  private void printLine() {
    err.printf("progress: %d of %d rows (%s)%n", tally.done() + tally.skippedCount(), total, tally.line());
    err.flush();
  }
}
