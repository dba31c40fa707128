package dev.membership.cli;

import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.InvalidInputException;
import dev.membership.core.ProviderPausedException;
import dev.membership.core.Membership;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The final result of one input: what the report and the JSON output say of it. Each result is one of
 * {@code removed}, {@code not_a_member}, {@code rejected}, {@code failed}, {@code invalid} or {@code dry_run}.
 */
record RowResult(long row, Long line, Map<String, Object> input, String raw, String result, Integer httpStatus,
    String reason, List<Integer> codes, List<String> messages, int attempts, Long latencyMs, String field,
    String error) {

  static final String REMOVED = "removed";
  static final String NOT_A_MEMBER = "not_a_member";
  static final String REJECTED = "rejected";
  static final String FAILED = "failed";
  /** The reason of a row failed because the provider refused the credentials: {@code --resume} redoes it. */
  static final String UNAUTHORIZED = "unauthorized";
  /**
   * The reasons of a row not sent because its provider was stopped for the run: it asked for a longer wait than a run
   * waits, or nothing could be sent to it for the stall timeout. {@code --resume} sends it again.
   */
  static final String PAUSED = "paused";
  static final String STALLED = "stalled";
  static final String INVALID = "invalid";
  static final String DRY_RUN = "dry_run";

  /**
   * A row that could not become a membership; one that could not be read at all keeps its raw text, and its field
   * is {@code row}.
   */
  static RowResult invalid(Row row, String field, String reason) {
    return new RowResult(row.number(), row.line(), input(row), row.raw(), INVALID, null, null, List.of(), List.of(),
        0, null, field, reason);
  }

  /** A row that was checked but not sent ({@code --dry-run}). */
  static RowResult dryRun(Row row, Membership membership) {
    return new RowResult(row.number(), row.line(), inputOf(membership), null, DRY_RUN, null, null, List.of(),
        List.of(), 0, null, null, null);
  }

  /** The reason a failed row is reported with: one of the command's own, else the failure's class. */
  private static String reasonOf(RuntimeException failure) {
    if (failure instanceof CredentialsRejectedException) {
      return UNAUTHORIZED;
    }
    if (failure instanceof ProviderPausedException paused) {
      return paused.stalled() ? STALLED : PAUSED;
    }
    return failure.getClass().getSimpleName();
  }

  /** The result of a removal. */
  static RowResult of(Row row, RemovalResult result) {
    return of(row.number(), row.line(), result.membership(), result.outcome(), result.failure(), result.attempts(),
        result.latency().toMillis());
  }

  static RowResult of(long row, Long line, Membership membership, RemovalOutcome outcome,
      RuntimeException failure, int attempts, Long latencyMs) {
    Map<String, Object> input = inputOf(membership);
    if (failure != null) {
      Integer status = failure instanceof RemovalException e && e.status() > 0 ? e.status() : null;
      String field = failure instanceof InvalidInputException e ? e.field() : null;
      return new RowResult(row, line, input, null, failure instanceof InvalidInputException ? INVALID : FAILED,
          status, reasonOf(failure),
          List.of(), List.of(), attempts, latencyMs, field, failure.getMessage());
    }
    if (outcome instanceof RemovalOutcome.Removed removed) {
      return new RowResult(row, line, input, null, REMOVED, removed.status(), null, codes(removed.warnings()),
          texts(removed.warnings()), attempts, latencyMs, null, null);
    }
    if (outcome instanceof RemovalOutcome.NotAMember notAMember) {
      return new RowResult(row, line, input, null, NOT_A_MEMBER, notAMember.status(), null,
          codes(notAMember.messages()), texts(notAMember.messages()), attempts, latencyMs, null, null);
    }
    RemovalOutcome.Rejected rejected = (RemovalOutcome.Rejected) outcome;
    return new RowResult(row, line, input, null, REJECTED, rejected.status(), rejected.reason().name(),
        codes(rejected.messages()), texts(rejected.messages()), attempts, latencyMs, null, null);
  }

  /**
   * What a report line says a row's input was, as {@code --resume} compares it with the row as it is now: the
   * membership's fields (normalised) for a valid row, the row's fields as given for an invalid one.
   */
  static Map<String, Object> input(Row row) {
    if (row.problem() == null) {
      try {
        return inputOf(row.toMembership());
      } catch (InvalidInputException e) {
        // as given, below
      }
    }
    return inputOf(row);
  }

  private static List<Integer> codes(List<ProviderMessage> messages) {
    return messages.stream().map(ProviderMessage::code).toList();
  }

  private static List<String> texts(List<ProviderMessage> messages) {
    return messages.stream().map(ProviderMessage::message).toList();
  }

  static Map<String, Object> inputOf(Membership membership) {
    Map<String, Object> input = new LinkedHashMap<>();
    if (membership instanceof Membership.Capillary c) {
      input.put("provider", "capillary");
      input.put("groupId", c.groupId());
      input.put("source", c.source().name());
      input.put("identifierName", c.identifierName().wireName());
      input.put("identifierValue", c.identifierValue());
      if (c.accountId() != null) {
        input.put("accountId", c.accountId());
      }
    } else if (membership instanceof Membership.Confluence c) {
      input.put("provider", "confluence");
      input.put("groupId", c.groupId());
      input.put("accountId", c.accountId());
    }
    return input;
  }

  private static Map<String, Object> inputOf(Row row) {
    Map<String, Object> input = new LinkedHashMap<>();
    for (String column : Row.COLUMNS) {
      String value = row.get(column);
      if (value != null) {
        // Control characters are what made many rows invalid: keep them visible but harmless.
        input.put(column, Text.cut(value, 300));
      }
    }
    return input;
  }

  /**
   * Whether a row with {@code result} needs no more work: everything but {@code failed} is final, and but
   * {@code dry_run} (a real run after a dry run sends those rows).
   */
  static boolean finished(String result) {
    return !FAILED.equals(result) && !DRY_RUN.equals(result);
  }

  /** The report line, as a JSON object's fields in order. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("row", row);
    putIfPresent(json, "line", line);
    json.put("input", input);
    putIfPresent(json, "raw", raw);
    json.put("result", result);
    putIfPresent(json, "httpStatus", httpStatus);
    putIfPresent(json, "reason", reason);
    if (!codes.isEmpty()) {
      json.put("codes", codes);
      json.put("messages", messages);
    }
    json.put("attempts", attempts);
    putIfPresent(json, "latencyMs", latencyMs);
    putIfPresent(json, "field", field);
    putIfPresent(json, "error", error);
    return json;
  }

  private static void putIfPresent(Map<String, Object> json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
