package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalResult;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetryPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Removal plumbing shared by the commands. */
final class Removals {

  private static final Map<String, String> OPTION_OF_FIELD = Map.of("groupId", "--group-id", "source", "--source",
      "identifierName", "--identifier-name", "identifierValue", "--identifier-value", "accountId", "--account-id");

  private Removals() {}

  /** Remover options from the command's connection options, concurrency and rate (0 = unlimited). */
  static RemoverOptions options(ConnectionOptions connection, int concurrency, double rate) {
    return options(connection, concurrency, rate, RemovalListener.none());
  }

  /** As {@link #options(ConnectionOptions, int, double)}, with a listener. */
  static RemoverOptions options(ConnectionOptions connection, int concurrency, double rate,
      RemovalListener listener) {
    return builder(connection, concurrency, rate, listener).build();
  }

  /** As {@link #options(ConnectionOptions, int, double, RemovalListener)}, still to be built: checked already. */
  static RemoverOptions.Builder builder(ConnectionOptions connection, int concurrency, double rate,
      RemovalListener listener) {
    if (connection.deadlineSeconds < 1) {
      throw new InvalidInputException("--deadline", "must be at least 1 second");
    }
    if (rate < 0) {
      throw new InvalidInputException("--rate", "must not be negative");
    }
    RetryPolicy defaults = RetryPolicy.ofDefaults();
    RemoverOptions.Builder builder;
    try {
      builder = RemoverOptions.builder()
          .deadline(Duration.ofSeconds(connection.deadlineSeconds))
          .retryPolicy(new RetryPolicy(connection.maxAttempts, defaults.initialBackoff(), defaults.maxBackoff(),
              defaults.maxRetryAfter()))
          .maxConcurrency(concurrency)
          .listener(listener);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.field().equals("maxAttempts") ? "--max-attempts" : "--concurrency",
          e.reason());
    }
    if (rate > 0) {
      builder.rateLimit(RateLimit.perSecond(rate));
    }
    return builder;
  }

  /** Rethrows a membership field error under the command-line option's name. */
  static InvalidInputException asOption(InvalidInputException e) {
    String option = OPTION_OF_FIELD.get(e.field());
    return option == null ? e : new InvalidInputException(option, e.reason());
  }

  /**
   * Removes one membership, as row {@code row}: through a bulk run of one, for the result's attempts and latency.
   */
  static RowResult removeRow(MembershipRemover remover, Membership membership, long row) {
    List<RemovalResult> results = new ArrayList<>();
    Await.result(remover.removeAll(List.of(membership).iterator(), results::add).completion());
    RemovalResult result = results.get(0);
    return RowResult.of(row, null, result.membership(), result.outcome(), result.failure(), result.attempts(),
        result.latency().toMillis());
  }

  /** Removes one membership and prints its result; returns the exit code. */
  static int removeOne(MembershipRemover remover, Membership membership, Output.Format format, PrintWriter out,
      PrintWriter err) {
    RowResult result = removeRow(remover, membership, 1);
    if (format == Output.Format.json) {
      Output.json(out, result.toJson());
    } else {
      Output.table(out, List.of(result));
    }
    out.flush();
    if (RowResult.UNAUTHORIZED.equals(result.reason())) {
      err.println("error: " + Connection.credentialsRefused(String.valueOf(result.input().get("provider"))) + ".");
      err.flush();
    }
    return ExitCode.of(0, RowResult.REJECTED.equals(result.result()) ? 1 : 0,
        RowResult.FAILED.equals(result.result()) || RowResult.INVALID.equals(result.result()) ? 1 : 0);
  }
}
