package dev.membership.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.membership.core.InvalidInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a bulk input file lazily, one row at a time: CSV with a header row ({@link CsvRecords}), or JSON lines
 * ({@code .jsonl}, {@code .ndjson}, {@code .json}, or a file whose first character is '{'). UTF-8, with or without
 * a byte-order mark, lines ending in LF or CRLF. Header names (and JSON field names) match the columns whatever
 * their case and surrounding spaces. A row that cannot be read becomes a {@linkplain Row#unreadable unreadable}
 * row naming its line, and the rows after it still proceed.
 */
final class RowReader implements Iterator<Row>, Closeable {

  /** One JSON value per line: anything after it is an error, not dropped. */
  private static final com.fasterxml.jackson.databind.ObjectReader JSON_LINE = new ObjectMapper()
      .readerFor(JsonNode.class).with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final InputLines lines;
  private final Source source;
  /** The columns a CSV header does not have; none for JSON lines, whose rows each name their own fields. */
  private final List<String> absent;
  private Row next;
  private long number;

  /** Where the rows come from: the next one, or null at the end. */
  private interface Source {
    Row read(long number) throws IOException;
  }

  private RowReader(InputLines lines, List<String> absent, Source source) {
    this.lines = lines;
    this.absent = absent;
    this.source = source;
  }

  /**
   * Opens {@code file}, choosing the format by extension or first character, and checks a CSV header.
   *
   * @param ignoreUnknownColumns whether columns (or JSON fields) that are not the input's are left out rather
   *     than refused
   * @throws InvalidInputException naming {@code --input} for an empty file, a header without a required column,
   *     with a column named twice, or (unless ignored) with an unknown column
   */
  static RowReader open(Path file, boolean ignoreUnknownColumns) throws IOException {
    boolean json = isJsonLines(file);
    InputLines lines = InputLines.open(file);
    try {
      return json ? jsonLines(lines, ignoreUnknownColumns) : csv(lines, ignoreUnknownColumns);
    } catch (RuntimeException | IOException e) {
      lines.close();
      throw e;
    }
  }

  static boolean isJsonLines(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return true;
    }
    if (name.endsWith(".csv")) {
      return false;
    }
    try (InputLines lines = InputLines.open(file)) {
      for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
        if (!line.text().isBlank()) {
          return line.text().strip().startsWith("{");
        }
      }
      return false;
    }
  }

  private static RowReader csv(InputLines lines, boolean ignoreUnknown) throws IOException {
    CsvRecords records = new CsvRecords(lines);
    CsvRecords.Record header = records.next();
    if (header == null) {
      throw new InvalidInputException("--input", "is empty: a CSV file starts with a header row naming its "
          + "columns (" + String.join(",", Row.COLUMNS) + "), a JSON-lines file with a row");
    }
    if (header.problem() != null) {
      throw new InvalidInputException("--input", "the header row cannot be read: " + header.problem());
    }
    if (header.fields().size() == 1 && header.fields().get(0).matches(".*[\t;].*")) {
      throw new InvalidInputException("--input", "the header row has one column: columns are separated by commas, "
          + "not tabs or semicolons");
    }
    if (header.fields().stream().noneMatch(name -> Row.column(name) != null)) {
      // Not a header at all (a file without one starts with a row): its values are not shown back.
      throw new InvalidInputException("--input", "the first row is not a header: a CSV file starts with a header "
          + "row naming its columns (" + String.join(", ", Row.COLUMNS) + ")");
    }
    List<String> columns = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : header.fields()) {
      String column = Row.column(name);
      if (column == null) {
        unknown.add(shown(name));
      } else if (columns.contains(column)) {
        throw new InvalidInputException("--input", "the header names the column " + column + " twice");
      }
      columns.add(column); // null: a column left out
    }
    if (!unknown.isEmpty() && !ignoreUnknown) {
      throw new InvalidInputException("--input", "the header has " + (unknown.size() == 1 ? "an unknown column: "
          : "unknown columns: ") + String.join(", ", unknown) + " (the columns are " + String.join(", ", Row.COLUMNS)
          + "; --ignore-unknown-columns leaves others out)");
    }
    for (String required : List.of("provider", "groupId")) {
      if (!columns.contains(required)) {
        throw new InvalidInputException("--input", "the header has no " + required + " column (the columns are "
            + String.join(", ", Row.COLUMNS) + ")");
      }
    }
    List<String> absent = Row.COLUMNS.stream().filter(column -> !columns.contains(column)).toList();
    return new RowReader(lines, absent, number -> {
      CsvRecords.Record record = records.next();
      if (record == null) {
        return null;
      }
      if (record.problem() != null) {
        return Row.unreadable(number, record.line(), record.problem(), record.raw());
      }
      if (record.fields().size() > columns.size()) {
        return Row.unreadable(number, record.line(), "line " + record.line() + " has " + record.fields().size()
            + " values but the header has " + columns.size() + " columns", record.raw());
      }
      // A row may stop early: the other provider's columns can be left out.
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i < record.fields().size(); i++) {
        if (columns.get(i) != null) {
          fields.put(columns.get(i), record.fields().get(i));
        }
      }
      return Row.of(number, record.line(), fields);
    });
  }

  private static RowReader jsonLines(InputLines lines, boolean ignoreUnknown) {
    return new RowReader(lines, List.of(), number -> {
      InputLines.Line line = lines.nextNonBlank();
      if (line == null) {
        return null;
      }
      String raw = cut(line.text());
      if (line.problem() != null) {
        return Row.unreadable(number, line.number(), line.problem(), raw);
      }
      JsonNode node;
      try {
        node = JSON_LINE.readTree(line.text());
      } catch (JsonProcessingException e) {
        return Row.unreadable(number, line.number(), "line " + line.number() + " is not valid JSON"
            + (e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")"), raw);
      }
      if (node == null || !node.isObject()) {
        return Row.unreadable(number, line.number(), "line " + line.number() + " is not a JSON object", raw);
      }
      Map<String, String> fields = new LinkedHashMap<>();
      var names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String column = Row.column(name);
        if (column == null) {
          if (ignoreUnknown) {
            continue;
          }
          return Row.unreadable(number, line.number(), "line " + line.number() + " has an unknown field: "
              + shown(name) + " (--ignore-unknown-columns leaves it out)", raw);
        }
        if (fields.containsKey(column)) {
          return Row.unreadable(number, line.number(), "line " + line.number() + " names the field " + column
              + " twice", raw);
        }
        JsonNode value = node.get(name);
        if (value.isContainerNode()) {
          return Row.unreadable(number, line.number(), "line " + line.number() + ": " + column
              + " must be a string or a number", raw);
        }
        fields.put(column, value.isNull() ? null : value.asText());
      }
      return Row.of(number, line.number(), fields);
    });
  }

  /** A column name as the input has it, made safe to show: printable, and short. */
  private static String shown(String name) {
    String printable = name.strip().replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable.isEmpty() ? "(empty)" : printable;
  }

  private static String cut(String text) {
    return Text.cut(text, CsvRecords.RAW_KEPT);
  }

  /**
   * The number of rows of {@code file} (unreadable ones included), for the progress bar; opening it checks its
   * header as {@link #open} does, and reading it, that the header has every column its rows' providers need.
   *
   * @throws InvalidInputException naming {@code --input}, each column a provider's rows need that the header does
   *     not have, and the provider (never a row's values): one error instead of one per row
   */
  static long count(Path file, boolean ignoreUnknownColumns) throws IOException {
    try (RowReader rows = open(file, ignoreUnknownColumns)) {
      long count = 0;
      // Each provider whose rows need columns the header does not have, with those columns.
      Map<String, List<String>> lacking = new java.util.TreeMap<>();
      while (rows.hasNext()) {
        String provider = rows.next().provider();
        count++;
        List<String> missing = Row.neededBy(provider).stream().filter(rows.absent::contains).toList();
        if (!missing.isEmpty()) {
          lacking.put(provider, missing);
        }
      }
      if (!lacking.isEmpty()) {
        List<String> said = new ArrayList<>();
        lacking.forEach((provider, missing) -> said.add("no " + String.join(", ", missing)
            + (missing.size() == 1 ? " column" : " columns") + ", which " + provider + " rows need"));
        throw new InvalidInputException("--input", "the header has " + String.join("; and ", said)
            + " (the columns are " + String.join(", ", Row.COLUMNS) + ")");
      }
      return count;
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = source.read(number + 1);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the input", e);
      }
    }
    return next != null;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row row = next;
    next = null;
    number++;
    return row;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
