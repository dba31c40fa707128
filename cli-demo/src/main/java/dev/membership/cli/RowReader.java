package dev.membership.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a bulk input file lazily, one row at a time: CSV with a header row (through Jackson's CSV module), or
 * JSON lines ({@code .jsonl}, {@code .ndjson}, or a file whose first character is '{'). A row that cannot be
 * parsed at all becomes a row whose {@link #parseError(Row)} is set, so the rows after it still proceed.
 */
final class RowReader implements Iterator<Row>, Closeable {

  private static final String PARSE_ERROR = "\u0000parse-error";

  private final Closeable resource;
  private final Iterator<Row> rows;

  private RowReader(Closeable resource, Iterator<Row> rows) {
    this.resource = resource;
    this.rows = rows;
  }

  /** Opens {@code file}, choosing the format by extension or first character. */
  static RowReader open(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean json = name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
    if (!json && !name.endsWith(".csv")) {
      try (BufferedReader peek = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int first;
        do {
          first = peek.read();
        } while (first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == '\uFEFF');
        json = first == '{';
      }
    }
    return json ? jsonLines(file) : csv(file);
  }

  private static RowReader csv(Path file) throws IOException {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.TRIM_SPACES);
    mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
    MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader())
        .readValues(Files.newBufferedReader(file, StandardCharsets.UTF_8));
    Iterator<Row> rows = new Iterator<>() {
      long number;
      long lastErrorOffset = -1;
      boolean stuck;

      @Override
      public boolean hasNext() {
        if (stuck) {
          return false;
        }
        try {
          return it.hasNextValue();
        } catch (IOException e) {
          // A malformed line: report it as a row and let the parser skip past it.
          return true;
        }
      }

      @Override
      public Row next() {
        number++;
        try {
          if (!it.hasNextValue()) {
            throw new NoSuchElementException();
          }
          return new Row(number, new LinkedHashMap<>(it.nextValue()));
        } catch (IOException | RuntimeException e) {
          if (e instanceof NoSuchElementException n) {
            throw n;
          }
          // A parser that fails twice at the same place cannot move on: end the input instead of looping.
          long offset = it.getCurrentLocation() == null ? -1 : it.getCurrentLocation().getCharOffset();
          stuck = offset == lastErrorOffset;
          lastErrorOffset = offset;
          return new Row(number, Map.of(PARSE_ERROR, describe(e)));
        }
      }
    };
    return new RowReader(it, rows);
  }

  private static RowReader jsonLines(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    Iterator<Row> rows = new Iterator<>() {
      long number;
      String line = advance();

      private String advance() {
        try {
          String next;
          do {
            next = reader.readLine();
          } while (next != null && next.isBlank());
          return next;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return line != null;
      }

      @Override
      public Row next() {
        if (line == null) {
          throw new NoSuchElementException();
        }
        String current = line;
        line = advance();
        number++;
        try {
          JsonNode node = mapper.readTree(current);
          if (node == null || !node.isObject()) {
            return new Row(number, Map.of(PARSE_ERROR, "not a JSON object"));
          }
          Map<String, String> fields = new LinkedHashMap<>();
          var names = node.fieldNames();
          while (names.hasNext()) {
            String field = names.next();
            JsonNode value = node.get(field);
            if (value.isContainerNode()) {
              return new Row(number, Map.of(PARSE_ERROR, field + ": must be a string or a number"));
            }
            fields.put(field, value.isNull() ? null : value.asText());
          }
          return new Row(number, fields);
        } catch (JsonProcessingException e) {
          return new Row(number, Map.of(PARSE_ERROR, "not valid JSON: " + e.getOriginalMessage()));
        }
      }
    };
    return new RowReader(reader, rows);
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return "not a valid CSV row: " + (newline > 0 ? message.substring(0, newline) : message);
  }

  /** The reason the row could not be parsed, or null if it parsed. */
  static String parseError(Row row) {
    return row.fields().get(PARSE_ERROR);
  }

  @Override
  public boolean hasNext() {
    return rows.hasNext();
  }

  @Override
  public Row next() {
    return rows.next();
  }

  @Override
  public void close() throws IOException {
    resource.close();
  }
}
