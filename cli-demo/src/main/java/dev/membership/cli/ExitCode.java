package dev.membership.cli;

/** Exit codes of every command; listed in {@code --help}. */
final class ExitCode {

  /** Every membership removed, or not a member. */
  static final int OK = 0;
  /** A usage or validation error: bad option, bad input row, missing credentials. */
  static final int USAGE = 2;
  /** Some removals were rejected by the provider. */
  static final int REJECTED = 3;
  /** Some removals failed: transport, deadline, unexpected response, credentials refused. */
  static final int FAILED = 4;

  /** Ctrl-C (SIGINT): the JVM's own status after its shutdown hooks, which finish the run. */
  static final int INTERRUPTED = 130;
  /** SIGTERM: as {@link #INTERRUPTED}. */
  static final int TERMINATED = 143;

  static final String HELP = "%nExit codes:%n"
      + "  0    every membership removed or not a member%n"
      + "  2    usage or validation error (bad option, bad input file or row,%n"
      + "       missing credentials)%n"
      + "  3    some removals rejected by the provider%n"
      + "  4    some removals failed (transport, deadline, unexpected response,%n"
      + "       credentials refused)%n"
      + "  130  stopped by Ctrl-C (SIGINT), 143 by SIGTERM: the rows in flight%n"
      + "       finished, the summary was printed, the report is complete%n"
      + "Of 2, 3 and 4 the highest that applies wins.";

  private ExitCode() {}

  /** The exit code for a run with these counts. */
  static int of(long invalid, long rejected, long failed) {
    if (failed > 0) {
      return FAILED;
    }
    if (rejected > 0) {
      return REJECTED;
    }
    return invalid > 0 ? USAGE : OK;
  }
}
