package dev.membership.cli;

import dev.membership.core.CapillaryIdentifier;
import dev.membership.core.CapillarySource;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RemoverOptions;
import dev.membership.sandbox.SandboxAdminClient;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code membership demo}: the end-to-end tour on an embedded sandbox. */
@Command(name = "demo", mixinStandardHelpOptions = true, footer = ExitCode.HELP,
    description = "Starts an embedded sandbox with demo data, removes a few members of each provider one by one, "
        + "then a bulk file of 10,000 rows, prints a summary and checks the sandbox state matches.")
final class DemoCommand implements Callable<Integer> {

  private static final long DEMO_GROUP = 3962910L;
  private static final long UNTOUCHED_GROUP = 3962911L;
  private static final String CONFLUENCE_DEMO_GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  private static final String CONFLUENCE_UNTOUCHED_GROUP = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";

  @ParentCommand
  MembershipCli cli;

  @Option(names = "--groups", paramLabel = "N", defaultValue = "10",
      description = "Generated groups per provider for the bulk part (default: ${DEFAULT-VALUE}).")
  int groups;

  @Option(names = "--members", paramLabel = "N", defaultValue = "500",
      description = "Members per generated group (default: ${DEFAULT-VALUE}); rows = 2 x groups x members.")
  int members;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
      description = "Removals in flight in the bulk part (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @picocli.CommandLine.Mixin
  Verbosity verbosity;

  @Override
  public Integer call() throws Exception {
    if (groups < 1 || groups > 1000 || members < 1 || members > 10_000) {
      throw new dev.membership.core.InvalidInputException("--groups/--members",
          "must be 1..1000 groups and 1..10000 members");
    }
    PrintWriter out = cli.spec.commandLine().getOut();
    PrintWriter err = cli.spec.commandLine().getErr();
    Path work = Files.createTempDirectory("membership-demo");
    try (Connection connection = Connection.embedded(SeedSource.demo().generating(groups, members, 42))) {
      String baseUrl = connection.sandbox.baseUrl();
      err.println("Using an embedded sandbox at " + baseUrl + " with demo data and " + groups
          + " generated groups of " + members + " members per provider.");
      err.flush();
      try (SandboxAdminClient admin = SandboxAdminClient.create(connection.vertx, baseUrl)) {
        // Both providers are configured: a remover that routes each membership to its own.
        Removals.Attempts attempts = new Removals.Attempts();
        MembershipRemover remover = connection.remover(RemoverOptions.builder().maxConcurrency(concurrency)
            .listener(dev.membership.core.RemovalListener.both(attempts, new LaneWarnings(err))).build());
        int capillaryUntouchedBefore = Await.result(admin.capillaryMembers(UNTOUCHED_GROUP)).size();
        int confluenceUntouchedBefore = Await.result(admin.confluenceMembers(CONFLUENCE_UNTOUCHED_GROUP)).size();

        out.println("== One by one ==");
        List<RowResult> single = new ArrayList<>();
        long row = 1;
        for (Membership membership : oneByOne()) {
          single.add(Removals.removeRow(remover, attempts, membership, row++));
        }
        Output.table(out, single);

        out.println();
        Path input = work.resolve("bulk.csv");
        int rows = writeBulkFile(admin, input);
        Path report = work.resolve("bulk-report.jsonl");
        out.println("== Bulk: " + rows + " rows from " + input + " (report: " + report + ") ==");
        out.flush();
        long started = System.nanoTime();
        Tally tally = new BulkJob(input, false, java.util.Map.of(), report, Output.Format.table, out, err)
            .remove(remover, provider -> null);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Output.counts(out, tally.rows());
        out.printf("%d rows in %.1f s (%.0f rows/s)%n", rows, millis / 1000.0, rows * 1000.0 / Math.max(1, millis));

        out.println();
        out.println("== Sandbox state check ==");
        List<String> problems = checkState(admin, capillaryUntouchedBefore, confluenceUntouchedBefore);
        if (problems.isEmpty()) {
          out.println("OK: every removed membership is gone from the sandbox; untouched groups kept their members.");
        } else {
          problems.forEach(problem -> out.println("MISMATCH: " + problem));
        }
        out.flush();
        long unexpected = single.stream()
            .filter(r -> !r.result().equals(RowResult.REMOVED) && !r.result().equals(RowResult.NOT_A_MEMBER)).count();
        return problems.isEmpty() && unexpected == 0 ? tally.exitCode() : ExitCode.FAILED;
      }
    } finally {
      try (var files = Files.list(work)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(work);
    }
  }

  /** A few removals of each kind: removed by several identifiers, not a member, Confluence removed twice. */
  private static List<Membership> oneByOne() {
    return List.of(
        new Membership.Capillary(DEMO_GROUP, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE, "918095467895"),
        new Membership.Capillary(DEMO_GROUP, CapillarySource.INSTORE, CapillaryIdentifier.EMAIL,
            "ravi.kumar@sandbox.test"),
        new Membership.Capillary(DEMO_GROUP, CapillarySource.INSTORE, CapillaryIdentifier.EXTERNAL_ID, "EXT-1003"),
        new Membership.Capillary(DEMO_GROUP, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE, "918095467898"),
        new Membership.Confluence(CONFLUENCE_DEMO_GROUP, "5b10ac8d82e05b22cc7d4ef5"),
        new Membership.Confluence(CONFLUENCE_DEMO_GROUP, "384093:32b4d9w0-f6a5-3535-11a3-9c8c88d10192"),
        new Membership.Confluence(CONFLUENCE_DEMO_GROUP, "5b10ac8d82e05b22cc7d4ef5"));
  }

  /** Every member of every generated group, as CSV rows routed by the provider column. */
  private int writeBulkFile(SandboxAdminClient admin, Path file) throws java.io.IOException {
    int rows = 0;
    try (BufferedWriter csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      csv.write("provider,groupId,source,identifierName,identifierValue,accountId\n");
      for (long groupId : Await.result(admin.capillaryGroups())) {
        if (groupId == DEMO_GROUP || groupId == UNTOUCHED_GROUP) {
          continue;
        }
        for (JsonObject customer : Await.result(admin.capillaryMembers(groupId))) {
          csv.write("capillary," + groupId + "," + customer.getString("source") + ",mobile,"
              + customer.getString("mobile") + ",\n");
          rows++;
        }
      }
      for (JsonObject group : Await.result(admin.confluenceGroups())) {
        String groupId = group.getString("groupId");
        if (!group.getString("name", "").startsWith("generated-")) {
          continue;
        }
        for (String account : Await.result(admin.confluenceMembers(groupId))) {
          csv.write("confluence," + groupId + ",,,," + account + "\n");
          rows++;
        }
      }
    }
    return rows;
  }

  private static List<String> checkState(SandboxAdminClient admin, int capillaryUntouchedBefore,
      int confluenceUntouchedBefore) {
    List<String> problems = new ArrayList<>();
    for (long groupId : Await.result(admin.capillaryGroups())) {
      int left = Await.result(admin.capillaryMembers(groupId)).size();
      if (groupId == UNTOUCHED_GROUP) {
        if (left != capillaryUntouchedBefore) {
          problems.add("capillary group " + groupId + " should be untouched, has " + left + " members");
        }
      } else if (left != 0) {
        problems.add("capillary group " + groupId + " still has " + left + " members");
      }
    }
    Set<String> expectedEmpty = new HashSet<>();
    Map<String, String> names = new HashMap<>();
    for (JsonObject group : Await.result(admin.confluenceGroups())) {
      names.put(group.getString("groupId"), group.getString("name"));
      if (!group.getString("groupId").equals(CONFLUENCE_UNTOUCHED_GROUP)) {
        expectedEmpty.add(group.getString("groupId"));
      }
    }
    for (String groupId : expectedEmpty) {
      int left = Await.result(admin.confluenceMembers(groupId)).size();
      if (left != 0) {
        problems.add("confluence group " + names.get(groupId) + " still has " + left + " members");
      }
    }
    int untouched = Await.result(admin.confluenceMembers(CONFLUENCE_UNTOUCHED_GROUP)).size();
    if (untouched != confluenceUntouchedBefore) {
      problems.add("confluence group site-editors should be untouched, has " + untouched + " members");
    }
    return problems;
  }
}
