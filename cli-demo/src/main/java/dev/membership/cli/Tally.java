package dev.membership.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of row results by kind, and of the rows a resumed report had finished already (by the result it holds);
 * updated from one thread at a time.
 */
final class Tally {

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, Long> earlier = new LinkedHashMap<>();
  private long skipped;
  /** Providers that refused the credentials, by their name in the input. */
  private final java.util.Set<String> unauthorized = new java.util.TreeSet<>();
  /** Providers stopped for the run (a wait too long, or a stall), by their name in the input. */
  private final java.util.Set<String> stopped = new java.util.TreeSet<>();

  Tally() {
    for (String result : List.of(RowResult.REMOVED, RowResult.NOT_A_MEMBER, RowResult.REJECTED, RowResult.FAILED,
        RowResult.INVALID, RowResult.DRY_RUN)) {
      counts.put(result, 0L);
    }
  }

  /** Counts {@code result}; true if it is the first of its provider stopped for the run. */
  synchronized boolean add(RowResult result) {
    counts.merge(result.result(), 1L, Long::sum);
    if (!RowResult.FAILED.equals(result.result()) || !(result.input().get("provider") instanceof String provider)) {
      return false;
    }
    if (RowResult.UNAUTHORIZED.equals(result.reason())) {
      unauthorized.add(provider);
    }
    return (RowResult.PAUSED.equals(result.reason()) || RowResult.STALLED.equals(result.reason()))
        && stopped.add(provider);
  }

  /** The providers stopped for this run because they asked for too long a wait, or stalled. */
  synchronized List<String> stopped() {
    return List.copyOf(stopped);
  }

  /** The providers that refused the credentials in this run. */
  synchronized List<String> unauthorized() {
    return List.copyOf(unauthorized);
  }

  /** A row skipped because the resumed report finished it already, with {@code result}. */
  synchronized void skipped(String result) {
    skipped++;
    earlier.merge(result, 1L, Long::sum);
  }

  synchronized long count(String result) {
    return counts.getOrDefault(result, 0L);
  }

  synchronized long done() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized long skippedCount() {
    return skipped;
  }

  /** The exit code of every row: those of this run and those the resumed report had finished already. */
  synchronized int exitCode() {
    return ExitCode.of(count(RowResult.INVALID) + earlier.getOrDefault(RowResult.INVALID, 0L),
        count(RowResult.REJECTED) + earlier.getOrDefault(RowResult.REJECTED, 0L), count(RowResult.FAILED));
  }

  synchronized String line() {
    return String.format("removed %d, not a member %d, rejected %d, failed %d, invalid %d",
        count(RowResult.REMOVED), count(RowResult.NOT_A_MEMBER), count(RowResult.REJECTED), count(RowResult.FAILED),
        count(RowResult.INVALID));
  }

  synchronized List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    counts.forEach((result, count) -> {
      if (count > 0 || !result.equals(RowResult.DRY_RUN)) {
        rows.add(new String[] {result, String.valueOf(count)});
      }
    });
    if (skipped > 0) {
      rows.add(new String[] {"skipped (already in report)", String.valueOf(skipped)});
      earlier.forEach((result, count) -> rows.add(new String[] {"  of which " + result, String.valueOf(count)}));
    }
    return rows;
  }

  synchronized Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>(counts);
    json.put("skipped", skipped);
    if (skipped > 0) {
      json.put("skippedByResult", new LinkedHashMap<>(earlier));
    }
    return json;
  }
}
