package dev.membership.cli;

import dev.membership.core.CapillaryIdentifier;
import dev.membership.core.CapillarySource;
import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code membership remove capillary|confluence}: removes one membership. */
@Command(name = "remove", description = "Removes one member from one group.", mixinStandardHelpOptions = true,
    subcommands = {RemoveCommand.Capillary.class, RemoveCommand.Confluence.class}, footer = {ConnectionOptions.ENVIRONMENT, ExitCode.HELP})
final class RemoveCommand implements Runnable {

  @ParentCommand
  MembershipCli cli;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name the provider: capillary or confluence");
  }

  /**
   * Builds the membership (naming the option at fault if it is invalid), then removes it from its provider and
   * prints the result.
   */
  int removeOne(Common common, java.util.function.Supplier<Membership> membership)
      throws java.io.IOException {
    Membership built;
    try {
      built = membership.get();
    } catch (InvalidInputException e) {
      throw Removals.asOption(e);
    }
    java.io.PrintWriter err = cli.spec.commandLine().getErr();
    Removals.Attempts attempts = new Removals.Attempts();
    dev.membership.core.RemoverOptions options = Removals.options(common.connection, 1, 0,
        dev.membership.core.RemovalListener.both(attempts, new LaneWarnings(err)));
    try (Connection connection = Connection.open(common.connection, cli.environment, err)) {
      connection.require(built.provider());
      return Removals.removeOne(connection.remover(options), attempts, built, common.output,
          cli.spec.commandLine().getOut(), err);
    }
  }

  /** Options every removal takes. */
  static final class Common {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
        description = "table or json (default: ${DEFAULT-VALUE})")
    Output.Format output;

    @Mixin
    Verbosity verbosity;
  }

  @Command(name = "capillary", mixinStandardHelpOptions = true, footer = {ConnectionOptions.ENVIRONMENT, ExitCode.HELP},
      description = "Removes a customer from a Capillary customer group.")
  static final class Capillary implements Callable<Integer> {
    @ParentCommand
    RemoveCommand parent;

    @Option(names = "--group-id", required = true, paramLabel = "ID", description = "Group id, at least 1.")
    long groupId;

    @Option(names = "--source", required = true, paramLabel = "SOURCE",
        description = "Where the identifier is registered: INSTORE, MARTJACK, WECHAT, FACEBOOK, WEB_ENGAGE, TMALL, "
            + "TAOBAO, JD, ECOMMERCE, WEBSITE, LINE, MOBILE_APP or ALL.")
    String source;

    @Option(names = "--identifier-name", required = true, paramLabel = "NAME",
        description = "mobile, email, externalId, cardnumber or cardExternalId.")
    String identifierName;

    @Option(names = "--identifier-value", required = true, paramLabel = "VALUE", description = "The identifier.")
    String identifierValue;

    @Option(names = "--account-id", paramLabel = "ID",
        description = "Account for sources with several accounts (not for INSTORE).")
    String accountId;

    @Mixin
    Common common;

    @Override
    public Integer call() throws java.io.IOException {
      return parent.removeOne(common, () -> new Membership.Capillary(groupId,
          CapillarySource.fromWireName(source), CapillaryIdentifier.fromWireName(identifierName), identifierValue,
          accountId));
    }
  }

  @Command(name = "confluence", mixinStandardHelpOptions = true, footer = {ConnectionOptions.ENVIRONMENT, ExitCode.HELP},
      description = "Removes a user from a Confluence Cloud group.")
  static final class Confluence implements Callable<Integer> {
    @ParentCommand
    RemoveCommand parent;

    @Option(names = "--group-id", required = true, paramLabel = "ID", description = "Group id (not its name).")
    String groupId;

    @Option(names = "--account-id", required = true, paramLabel = "ID", description = "The user's account id.")
    String accountId;

    @Mixin
    Common common;

    @Override
    public Integer call() throws java.io.IOException {
      return parent.removeOne(common, () -> new Membership.Confluence(groupId, accountId));
    }
  }
}
