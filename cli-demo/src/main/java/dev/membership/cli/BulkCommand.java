package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code membership bulk}: removes every membership of an input file. */
@Command(name = "bulk", mixinStandardHelpOptions = true, footer = {ConnectionOptions.ENVIRONMENT, ExitCode.HELP},
    description = {"Removes every membership listed in a CSV file with a header row, or a JSON-lines file.",
        "Columns: provider (capillary or confluence), groupId, accountId, and for Capillary source, "
            + "identifierName, identifierValue.",
        "Header names match whatever their case and surrounding spaces; a row may leave the other provider's "
            + "columns empty or out. UTF-8, with or without a byte-order mark; LF or CRLF.",
        "Invalid rows are reported (row, line, field, reason) and the other rows proceed. Ctrl-C stops taking "
            + "rows, waits for those in flight, prints the summary and leaves a report that --resume continues "
            + "from."})
final class BulkCommand implements Callable<Integer> {

  @ParentCommand
  MembershipCli cli;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV or JSON-lines input.")
  Path input;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = "Most removals in flight at once per provider (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
      description = "Most requests per second per provider; 0: none, an adaptive rate finds the provider's "
          + "limit (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--shared-limit", paramLabel = "URL",
      description = {"Share each provider's limit (--rate) with the other processes given this Redis URL, "
          + "redis://host:port[/db] (rediss:// for TLS): together they keep to it, and a 429 one of them meets "
          + "pauses all. The password, if any, comes from SHARED_LIMIT_PASSWORD only. Needs --rate and "
          + "--replicas."})
  String sharedLimit;

  @Option(names = "--replicas", paramLabel = "N",
      description = "How many processes share --shared-limit: while Redis cannot be reached, each sends at most "
          + "--rate / N per second.")
  Integer replicas;

  @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "900",
      description = {"What bounds a paused provider in a bulk run (--deadline does not count the pause): its rows "
          + "wait out a Retry-After of up to 60 s and a quota reset of up to an hour; a longer wait ends them at "
          + "once, unsent (failed, reason paused). Anything else that keeps its rows waiting with nothing sent for "
          + "this long stops the provider for the run (failed, reason stalled). Either way the other provider goes "
          + "on, and --resume sends those rows later (default: ${DEFAULT-VALUE})."})
  long stallTimeoutSeconds;

  @Option(names = "--dry-run", description = "Check every row and report what would be removed; send nothing.")
  boolean dryRun;

  @Option(names = "--report", paramLabel = "FILE",
      description = "JSON lines, one result per input row, written as results arrive. An existing report is "
          + "refused unless --resume or --append.")
  Path report;

  @Option(names = "--append", description = "Append to an existing --report instead of refusing it.")
  boolean append;

  @Option(names = "--resume", paramLabel = "REPORT",
      description = "Skip the rows this report finished with the same input (all but failed ones; a row changed "
          + "since, an invalid one fixed say, is read again) and append to it, unless --report names another "
          + "file. The exit code covers every row of the report.")
  Path resume;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve the run's meters for Prometheus at http://127.0.0.1:PORT/metrics while it lasts.")
  Integer metricsPort;

  @Option(names = "--ignore-unknown-columns",
      description = "Leave out columns (JSON fields) that are not the input's, instead of refusing the file.")
  boolean ignoreUnknownColumns;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}); json prints each result as it arrives.")
  Output.Format output;

  @Mixin
  ConnectionOptions connection;

  @Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = cli.spec.commandLine().getOut();
    PrintWriter err = cli.spec.commandLine().getErr();
    if (!Files.isRegularFile(input)) {
      throw new InvalidInputException("--input", "no such file");
    }
    if (resume != null && !Files.isRegularFile(resume)) {
      throw new InvalidInputException("--resume", "no such file");
    }
    boolean reportIsResumed = report != null && resume != null
        && report.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize());
    if (report != null && !append && !reportIsResumed && Files.exists(report) && Files.size(report) > 0) {
      throw new InvalidInputException("--report", "already exists: continue it with --resume, or add --append "
          + "(or name another file)");
    }
    java.util.Map<Long, Report.Prior> priors = resume == null ? java.util.Map.of() : Report.priors(resume);
    BulkJob job = new BulkJob(input, ignoreUnknownColumns, priors, report != null ? report : resume, output, out,
        err);
    job.checkInput(); // before anything is started or sent
    Path redo = report != null ? report : resume;
    job.summary(() -> {
      summarize(out, output, job.tally());
      String again = redo != null ? "run again with --resume " + redo + " to redo its rows." : "run the input again.";
      for (String provider : job.tally().unauthorized()) {
        err.println("error: " + Connection.credentialsRefused(provider) + ", then " + again);
      }
      for (String provider : job.tally().stopped()) {
        err.println("error: " + provider + " was stopped for this run (see the warning above); once it takes "
            + "requests again, " + again);
      }
      err.flush();
    });
    Tally tally;
    if (dryRun) {
      tally = job.dryRun();
    } else {
      if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
        throw new InvalidInputException("--metrics-port", "must be between 1 and 65535");
      }
      MetricsEndpoint endpoint = metricsPort == null ? null : new MetricsEndpoint();
      dev.membership.core.RemovalListener lanes =
          dev.membership.core.RemovalListener.both(new LaneWarnings(err), job.laneListener());
      dev.membership.core.RemoverOptions.Builder options = Removals.builder(connection, concurrency, rate,
          endpoint == null ? lanes : dev.membership.core.RemovalListener.both(lanes, endpoint.metrics()));
      try {
        options.stallTimeout(java.time.Duration.ofSeconds(stallTimeoutSeconds));
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--stall-timeout", e.reason());
      }
      checkSharedLimit();
      try (Connection target = Connection.open(connection, cli.environment, err);
          SharedLimitConnection shared = sharedLimit == null ? null
              : SharedLimitConnection.open(target.vertx, sharedLimit, cli.environment.get(PASSWORD_VARIABLE));
          MetricsEndpoint metrics = endpoint) {
        if (shared != null) {
          options.sharedLimit(shared.lanes(), replicas);
        }
        dev.membership.core.MembershipRemover remover = target.remover(options.build());
        if (metrics != null) {
          metrics.start(target.vertx, metricsPort, remover);
          err.println("Metrics at http://127.0.0.1:" + metricsPort + "/metrics while the run lasts.");
          err.flush();
        }
        tally = job.remove(remover, target::problem);
      }
    }
    job.summarize();
    return tally.exitCode();
  }

  /** The environment variable that holds the shared limit's password. */
  static final String PASSWORD_VARIABLE = "SHARED_LIMIT_PASSWORD";

  private void checkSharedLimit() {
    if (sharedLimit == null) {
      if (replicas != null) {
        throw new InvalidInputException("--replicas", "applies only with --shared-limit");
      }
      return;
    }
    if (rate <= 0) {
      throw new InvalidInputException("--rate", "is required with --shared-limit: the provider's limit, which the "
          + "processes share");
    }
    if (replicas == null) {
      throw new InvalidInputException("--replicas", "is required with --shared-limit: how many processes share it");
    }
    if (replicas < 1 || replicas > 10_000) {
      throw new InvalidInputException("--replicas", "must be between 1 and 10000");
    }
  }

  static void summarize(PrintWriter out, Output.Format output, Tally tally) {
    if (output == Output.Format.json) {
      Output.json(out, java.util.Map.of("summary", tally.toJson()));
    } else {
      Output.counts(out, tally.rows());
    }
    out.flush();
  }
}
