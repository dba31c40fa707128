package dev.membership.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}, for the commands that remove: the library's INFO log lines too. {@link MembershipCli} reads it
 * from the parsed command line, to configure logging before the command runs.
 */
final class Verbosity {

  static final String OPTION = "--verbose";

  @Option(names = OPTION, description = "Also print the library's log from INFO up (a bulk run's start and end, "
      + "with its counts; each lane's closing), which is otherwise off but for warnings.")
  boolean verbose;
}
