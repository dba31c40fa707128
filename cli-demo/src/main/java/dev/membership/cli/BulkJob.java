package dev.membership.cli;

import dev.membership.core.BulkRemoval;
import dev.membership.core.LaneState;
import dev.membership.core.RemovalListener;
import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.Provider;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One bulk run over an input file: rows are read lazily, checked, sent through the remover (unless a dry run),
 * and each row's final result goes to the report, the output and the tally as it arrives. Used by
 * {@code bulk} and {@code demo}.
 */
final class BulkJob {

  private final Path input;
  private final boolean ignoreUnknownColumns;
  private final Map<Long, Report.Prior> priors;
  private final Path reportFile;
  private final Output.Format output;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Tally tally = new Tally();
  /** The rows of the input, counted by {@link #checkInput()}; -1 until then. */
  private long total = -1;
  /** The run's progress and the thread that writes it, while a run is on; lane changes go there. */
  private volatile Progress progress;
  private volatile ExecutorService writer;
  /** The lanes of the remover of the run, for the progress line; none in a dry run. */
  private Supplier<List<LaneState>> lanes = List::of;
  /** Prints the summary of the run: once, from the command or from an interrupted run's shutdown hook. */
  private volatile Runnable summary = () -> { };
  private final java.util.concurrent.atomic.AtomicBoolean summarized = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.CountDownLatch summaryPrinted = new java.util.concurrent.CountDownLatch(1);

  /**
   * @param priors the last result the resumed report holds for each row (empty without one)
   * @param reportFile where results are appended, or null
   */
  BulkJob(Path input, boolean ignoreUnknownColumns, Map<Long, Report.Prior> priors, Path reportFile,
      Output.Format output, PrintWriter out, PrintWriter err) {
    this.input = input;
    this.ignoreUnknownColumns = ignoreUnknownColumns;
    this.priors = priors;
    this.reportFile = reportFile;
    this.output = output;
    this.out = out;
    this.err = err;
  }

  /**
   * A listener that shows each provider lane's changes (closed until when and why, open again) on the progress
   * line of the run in progress; give it to the remover's options.
   */
  RemovalListener laneListener() {
    return new RemovalListener() {
      @Override
      public void onLaneChange(LaneState state) {
        Progress shown = progress;
        ExecutorService thread = writer;
        if (shown != null && thread != null) {
          try {
            thread.execute(() -> shown.lane(state));
          } catch (java.util.concurrent.RejectedExecutionException finished) {
            // The run has ended.
          }
        }
      }
    };
  }

  /** The counts of the run so far. */
  Tally tally() {
    return tally;
  }

  /** What prints the run's summary; {@link #summarize()} runs it once. */
  void summary(Runnable summary) {
    this.summary = summary;
  }

  /**
   * Prints the summary unless it was printed already; if it is being printed (by the command, or by an interrupted
   * run's shutdown hook), waits until it is, so that the JVM does not end halfway through it.
   */
  void summarize() {
    if (summarized.compareAndSet(false, true)) {
      try {
        summary.run();
      } finally {
        summaryPrinted.countDown();
      }
    } else {
      try {
        summaryPrinted.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Checks every row and reports what would be removed; sends nothing. */
  Tally dryRun() throws IOException {
    return run((feed, record, drain) -> {
      long position = 0;
      while (feed.hasNext()) {
        Membership membership = feed.next();
        Await.result(record.apply(RowResult.dryRun(feed.takeRow(position++), membership)));
      }
    }, membership -> null);
  }

  /**
   * Removes every valid row through {@code remover}. On Ctrl-C (JVM shutdown) it stops taking rows, waits for
   * those in flight, and leaves the report complete up to there. A row's slot is freed once its line is written,
   * so a slow disk slows the run instead of piling up results.
   *
   * @param unreachable why a provider cannot be reached, or null if it can; its rows become invalid rows
   */
  Tally remove(MembershipRemover remover, Function<Provider, String> unreachable) throws IOException {
    lanes = remover::lanes;
    return run((feed, record, drain) -> {
      BulkRemoval run = remover.removeAllAcknowledged(feed,
          result -> record.apply(RowResult.of(feed.takeRow(result.position()), result)));
      Thread onInterrupt = new Thread(() -> {
        run.stop();
        try {
          run.completion().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (Exception ignored) {
          // Exiting anyway; every finished row is already in the report.
        }
        drain.run();
        summarize();
        err.println("stopped: rows in flight finished; "
            + (reportFile != null ? "continue with --resume " + reportFile : "no report was written (use --report)"));
        err.flush();
      }, "membership-bulk-interrupt");
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      try {
        Throwable inputFailure = Await.result(run.completion()).inputFailure();
        if (inputFailure instanceof RuntimeException e) {
          throw e;
        } else if (inputFailure != null) {
          throw new IllegalStateException(inputFailure);
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running and finishes the run.
        }
      }
    }, membership -> unreachable.apply(membership.provider()));
  }

  private interface Body {
    /**
     * @param record writes a row's result; the future completes once it is written
     * @param drain waits until every result handed over so far is written
     */
    void run(RowFeed feed, Function<RowResult, Future<Void>> record, Runnable drain) throws IOException;
  }

  /**
   * Checks the input file before anything else happens: its header (a missing, doubled or unknown column, or the
   * lack of one that the rows of a provider need), and that it has rows; counts them for the progress bar.
   *
   * @throws InvalidInputException naming {@code --input}
   */
  void checkInput() throws IOException {
    total = RowReader.count(input, ignoreUnknownColumns); // checks the header on the way
    if (total == 0) {
      // Only a JSON-lines file with nothing on it gets here without the CSV reader's "is empty".
      throw new InvalidInputException("--input", RowReader.isJsonLines(input) ? "is empty"
          : "has a header row but no rows");
    }
  }

  private Tally run(Body body, Function<Membership, String> unreachable) throws IOException {
    if (total < 0) {
      checkInput();
    }
    // One thread writes every result (report, output, tally, progress) in the order they come: no file or
    // terminal write runs on an event loop.
    ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "membership-result-writer");
      thread.setDaemon(true);
      return thread;
    });
    try (RowReader rows = RowReader.open(input, ignoreUnknownColumns);
        Report sink = reportFile == null ? Report.none() : Report.appendingTo(reportFile);
        Progress progress = Progress.start("remove", total, err, tally, lanes)) {
      this.progress = progress;
      this.writer = writer;
      try {
        Function<RowResult, Future<Void>> record = result -> Future.fromCompletionStage(
            CompletableFuture.runAsync(() -> {
              sink.write(result);
              if (tally.add(result)) {
                // At once, not only in the summary: the run may go on for hours with the other provider.
                err.println("warning: " + result.error() + "; the run sends nothing more to "
                    + result.input().get("provider") + ", and reports its remaining rows failed (reason "
                    + result.reason() + ") for --resume");
                err.flush();
              }
              if (output == Output.Format.json) {
                Output.json(out, result.toJson());
                out.flush();
              }
              progress.step();
            }, writer));
        java.util.function.Consumer<String> skip = result -> writer.execute(() -> {
          tally.skipped(result);
          progress.step();
        });
        Runnable drain = () -> {
          try {
            writer.submit(() -> { }).get(1, TimeUnit.MINUTES);
          } catch (Exception ignored) {
            // Exiting anyway.
          }
        };
        body.run(new RowFeed(rows, priors, unreachable, record::apply, skip), record, drain);
      } finally {
        this.progress = null;
        writer.shutdown();
        awaitWrites(writer);
      }
    }
    return tally;
  }

  /** Waits until every result handed to {@code writer} is written. */
  private static void awaitWrites(ExecutorService writer) {
    try {
      while (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
        // a stalled disk: keep waiting, the report must be complete
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
