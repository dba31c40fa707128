package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns input rows into memberships for a bulk run: rows a resumed report already finished are skipped, rows that
 * are not valid memberships get their result at once (naming row, field and reason) and the rest go on. It
 * remembers which row each membership came from only while that membership is in flight.
 */
final class RowFeed implements Iterator<Membership> {

  private final Iterator<Row> rows;
  private final Set<Long> finished;
  private final Function<Membership, String> unreachable;
  private final Consumer<RowResult> invalid;
  private final Runnable skipped;
  private final ConcurrentHashMap<Long, Long> rowOfPosition = new ConcurrentHashMap<>();
  private long position;
  private Membership next;
  private long nextRow;

  /**
   * @param unreachable why a membership's provider cannot be reached, or null if it can
   * @param invalid receives the result of each invalid row
   * @param skipped told of each row skipped because the report already finished it
   */
  RowFeed(Iterator<Row> rows, Set<Long> finished, Function<Membership, String> unreachable,
      Consumer<RowResult> invalid, Runnable skipped) {
    this.rows = rows;
    this.finished = finished;
    this.unreachable = unreachable;
    this.invalid = invalid;
    this.skipped = skipped;
  }

  @Override
  public boolean hasNext() {
    while (next == null && rows.hasNext()) {
      Row row = rows.next();
      if (finished.contains(row.number())) {
        skipped.run();
        continue;
      }
      String parseError = RowReader.parseError(row);
      if (parseError != null) {
        // "groupId: must be a string or a number" names a field; "not valid JSON: …" is about the whole row.
        int colon = parseError.indexOf(": ");
        boolean namesField = colon > 0 && parseError.substring(0, colon).matches("[A-Za-z]+");
        invalid.accept(RowResult.invalid(row, namesField ? parseError.substring(0, colon) : "row",
            namesField ? parseError : "row: " + parseError));
        continue;
      }
      Membership membership;
      try {
        membership = row.toMembership();
      } catch (InvalidInputException e) {
        invalid.accept(RowResult.invalid(row, e.field(), e.getMessage()));
        continue;
      }
      String problem = unreachable.apply(membership);
      if (problem != null) {
        invalid.accept(RowResult.invalid(row, "provider", "provider: " + problem));
        continue;
      }
      next = membership;
      nextRow = row.number();
    }
    return next != null;
  }

  @Override
  public Membership next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Membership result = next;
    next = null;
    rowOfPosition.put(position++, nextRow);
    return result;
  }

  /** The input row of the membership at {@code position}; forgets it. */
  long takeRow(long position) {
    Long row = rowOfPosition.remove(position);
    if (row == null) {
      throw new IllegalStateException("no row for position " + position);
    }
    return row;
  }
}
