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

  /** Runs the command line, its logging configured for it, and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), true,
        args));
  }

  /**
   * Runs the command line with the given environment and streams, leaving logging as it is (it belongs to the
   * process); returns the exit code.
   */
  static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
    return execute(environment, out, err, false, args);
  }

  private static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err,
      boolean configureLogging, String... args) {
    CommandLine commandLine = new CommandLine(new MembershipCli(environment));
    if (configureLogging) {
      commandLine.setExecutionStrategy(parsed -> {
        configureLogging(parsed);
        return new CommandLine.RunLast().execute(parsed);
      });
    }
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

  private static final String LOGGING = "org.slf4j.simpleLogger.";

  /**
   * Configures slf4j-simple for the command about to run, before any logger exists. The command prints its own
   * lines (results, progress, lane changes, errors), so the library's log shows only warnings, as short lines
   * without thread or logger names ({@code warning: …}), and not the lanes' warnings, which the command restates
   * ({@link LaneWarnings}); {@code --verbose} adds INFO lines. The embedded sandbox's log stays at WARN, but for the
   * {@code sandbox} command. A property the user set ({@code -Dorg.slf4j.simpleLogger.…}) is kept.
   */
  private static void configureLogging(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult command = parsed;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    boolean verbose = command.hasMatchedOption(Verbosity.OPTION);
    boolean sandbox = command.commandSpec().name().equals("sandbox");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showLogName", "false");
    setIfAbsent("warnLevelString", "warning:");
    if (!sandbox) {
      setIfAbsent("log.dev.membership.sandbox", "warn");
    }
    if (System.getProperty(LOGGING + "defaultLogLevel") == null) {
      System.setProperty(LOGGING + "defaultLogLevel", verbose || sandbox ? "info" : "warn");
      if (!verbose) {
        setIfAbsent("log.dev.membership.core.internal.Lane", "error");
      }
    }
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(LOGGING + property) == null) {
      System.setProperty(LOGGING + property, value);
    }
  }
}
