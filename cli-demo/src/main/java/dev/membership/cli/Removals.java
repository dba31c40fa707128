package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetryPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Removal plumbing shared by the commands. */
final class Removals {

  private static final Map<String, String> OPTION_OF_FIELD = Map.of("groupId", "--group-id", "source", "--source",
      "identifierName", "--identifier-name", "identifierValue", "--identifier-value", "accountId", "--account-id");

  private Removals() {}

  /** Remover options from the command's connection options, concurrency, rate (0 = unlimited) and listener. */
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
   * The attempts each outcome of {@code remove()} took, which its future does not carry: the remover tells its
   * listener of an outcome before it completes the removal's future. Give it to the remover's options, then to
   * {@link #removeRow}.
   */
  static final class Attempts implements RemovalListener {
    /** The memberships {@link #removeRow} removes now (0 until their outcome comes): a bulk run's are not kept. */
    private final Map<Membership, Integer> ofOutcomes = new ConcurrentHashMap<>();

    @Override
    public void onOutcome(Membership membership, RemovalOutcome outcome, int attempts, Duration latency) {
      ofOutcomes.computeIfPresent(membership, (key, before) -> attempts);
    }

    void expect(Membership membership) {
      ofOutcomes.put(membership, 0);
    }

    /** The attempts the outcome of {@code membership} took (at least the one answered), forgotten once read. */
    int take(Membership membership) {
      Integer attempts = ofOutcomes.remove(membership);
      return attempts == null || attempts == 0 ? 1 : attempts;
    }
  }

  /**
   * Removes one membership with {@code remove()}, as row {@code row}: its attempts come from {@code attempts}, the
   * listener of the remover's options; its latency is the time until its future completed.
   */
  static RowResult removeRow(MembershipRemover remover, Attempts attempts, Membership membership, long row) {
    attempts.expect(membership);
    long started = System.nanoTime();
    RemovalOutcome outcome = null;
    RuntimeException failure = null;
    try {
      outcome = Await.result(remover.remove(membership));
    } catch (RemovalException | InvalidInputException e) {
      failure = e;
    }
    long latencyMs = (System.nanoTime() - started) / 1_000_000;
    int told = attempts.take(membership);
    int made = outcome != null ? told : failure instanceof RemovalException e ? e.attempts() : 0;
    return RowResult.of(row, null, membership, outcome, failure, made, latencyMs);
  }

  /** Removes one membership and prints its result; returns the exit code. */
  static int removeOne(MembershipRemover remover, Attempts attempts, Membership membership, Output.Format format,
      PrintWriter out, PrintWriter err) {
    RowResult result = removeRow(remover, attempts, membership, 1);
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
