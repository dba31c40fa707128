package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import dev.membership.core.Membership;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns input rows into memberships for a bulk run: rows a resumed report already finished, with the same input,
 * are skipped; rows that are not valid memberships get their result at once (naming row, field and reason) and
 * the rest go on. It remembers which row each membership came from only while that membership is in flight.
 */
final class RowFeed implements Iterator<Membership> {

  private final Iterator<Row> rows;
  private final Map<Long, Report.Prior> priors;
  private final Function<Membership, String> unreachable;
  private final Consumer<RowResult> invalid;
  private final Consumer<String> skipped;
  private final ConcurrentHashMap<Long, Row> rowOfPosition = new ConcurrentHashMap<>();
  private long position;
  private Membership next;
  private Row nextRow;

  /**
   * @param priors the last result the resumed report holds for each row number (empty without one)
   * @param unreachable why a membership's provider cannot be reached, or null if it can
   * @param invalid receives the result of each invalid row
   * @param skipped told of each row skipped because the report already finished it, with that result
   */
  RowFeed(Iterator<Row> rows, Map<Long, Report.Prior> priors, Function<Membership, String> unreachable,
      Consumer<RowResult> invalid, Consumer<String> skipped) {
    this.rows = rows;
    this.priors = priors;
    this.unreachable = unreachable;
    this.invalid = invalid;
    this.skipped = skipped;
  }

  @Override
  public boolean hasNext() {
    while (next == null && rows.hasNext()) {
      Row row = rows.next();
      Report.Prior prior = priors.get(row.number());
      if (prior != null && RowResult.finished(prior.result()) && prior.input().equals(Report.inputKey(row))) {
        skipped.accept(prior.result());
        continue;
      }
      if (row.problem() != null) {
        invalid.accept(RowResult.invalid(row, "row", "row: " + row.problem()));
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
      nextRow = row;
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
  Row takeRow(long position) {
    Row row = rowOfPosition.remove(position);
    if (row == null) {
      throw new IllegalStateException("no row for position " + position);
    }
    return row;
  }
}
