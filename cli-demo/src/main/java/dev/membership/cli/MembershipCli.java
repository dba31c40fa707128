package dev.membership.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code membership} command line. */
@Command(name = "membership", mixinStandardHelpOptions = true, version = "membership 0.1.0",
    description = "Removes members from Capillary customer groups and Confluence Cloud groups, one by one or in "
        + "bulk. Without a base URL it works on an embedded sandbox.",
    subcommands = {RemoveCommand.class, BulkCommand.class, SandboxCommand.class, DemoCommand.class,
        CommandLine.HelpCommand.class},
    footer = ExitCode.HELP)
public final class MembershipCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** The environment credentials and base URLs are read from; replaceable for in-process tests. */
  final Map<String, String> environment;

  MembershipCli(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("sandbox")) {
      // The embedded sandbox announces itself in its log; the commands say what matters on stderr. Set before any
      // logger exists, and only if the user has not set it.
      if (System.getProperty("org.slf4j.simpleLogger.log.dev.membership.sandbox") == null) {
        System.setProperty("org.slf4j.simpleLogger.log.dev.membership.sandbox", "warn");
      }
    }
    System.exit(execute(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given environment and streams; returns the exit code. */
  static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new MembershipCli(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExitCodeExceptionMapper(failure -> ExitCode.USAGE);
    commandLine.setExecutionExceptionHandler((failure, line, parseResult) -> {
      if (failure instanceof dev.membership.core.InvalidInputException invalid) {
        line.getErr().println("error: " + Output.printable(invalid.getMessage()));
        line.getErr().flush();
        return ExitCode.USAGE;
      }
      if (failure instanceof java.io.IOException io) {
        line.getErr().println("error: " + io.getMessage());
        line.getErr().flush();
        return ExitCode.USAGE;
      }
      throw failure;
    });
    commandLine.setParameterExceptionHandler((failure, argsGiven) -> {
      CommandLine line = failure.getCommandLine();
      line.getErr().println("error: " + Output.printable(failure.getMessage()));
      line.getErr().println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for usage.");
      line.getErr().flush();
      return ExitCode.USAGE;
    });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
