package dev.membership.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a CSV file (RFC 4180 with the usual leniencies), over its {@link InputLines}: fields separated by
 * commas, a field in double quotes may hold commas, doubled quotes and line breaks; unquoted fields are trimmed;
 * lines with nothing on them are skipped. A record that breaks the rules (a quote inside an unquoted field,
 * anything but a comma after a closing quote, a quote never closed, a line that is not UTF-8 or too long) comes
 * back with the problem and its raw text, and reading goes on at the next line (after a quote never closed, at
 * the end of the file: there is no telling where the field was meant to end).
 */
final class CsvRecords {

  /** How much of a bad record's text is kept to show which one it was. */
  static final int RAW_KEPT = 200;

  /**
   * One record: the line it starts on, its fields, its raw text (cut to {@link #RAW_KEPT} characters), and if it
   * could not be read, why; fields are then those read before the problem.
   */
  record Record(long line, List<String> fields, String problem, String raw) {}

  private final InputLines lines;

  CsvRecords(InputLines lines) {
    this.lines = lines;
  }

  /** The next record, or null at the end of the file. */
  Record next() throws IOException {
    InputLines.Line line = lines.nextNonBlank();
    if (line == null) {
      return null;
    }
    long start = line.number();
    StringBuilder raw = new StringBuilder();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String problem = line.problem();
    boolean inQuotes = false;
    boolean quoted = false;
    boolean afterQuote = false;
    while (true) {
      appendRaw(raw, line.text());
      String text = line.text();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (inQuotes) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              inQuotes = false;
              afterQuote = true;
            }
          } else if (field.length() < InputLines.MAX_LINE_BYTES) {
            field.append(c);
          } else if (problem == null) {
            problem = "the quoted field opened on line " + start + " is longer than " + InputLines.MAX_LINE_BYTES
                + " characters";
          }
        } else if (c == ',') {
          fields.add(quoted ? field.toString() : field.toString().strip());
          field.setLength(0);
          quoted = false;
          afterQuote = false;
        } else if (afterQuote) {
          if (!Character.isWhitespace(c) && problem == null) {
            problem = "line " + line.number() + " has text after a closing quote (a quote inside a field must be "
                + "doubled)";
          }
        } else if (c == '"') {
          if (!quoted && field.toString().isBlank()) {
            field.setLength(0);
            inQuotes = true;
            quoted = true;
          } else if (problem == null) {
            problem = "line " + line.number() + " has a quote inside an unquoted field (quote the whole field "
                + "and double the quote)";
          }
        } else {
          field.append(c);
        }
      }
      if (!inQuotes) {
        break;
      }
      if (problem != null) {
        break; // a line that could not be read whole (too long, not UTF-8) ends its record, whatever its quotes
      }
      InputLines.Line more = lines.next();
      if (more == null) {
        problem = problem != null ? problem : "the quote opened on line " + start + " is never closed";
        break;
      }
      if (field.length() < InputLines.MAX_LINE_BYTES) {
        field.append('\n');
      }
      if (raw.length() <= RAW_KEPT) {
        raw.append('\n');
      }
      line = more;
      problem = problem != null ? problem : line.problem();
    }
    fields.add(quoted ? field.toString() : field.toString().strip());
    return new Record(start, fields, problem, Text.cut(raw.toString(), RAW_KEPT));
  }

  private static void appendRaw(StringBuilder raw, String text) {
    if (raw.length() <= RAW_KEPT) {
      raw.append(text, 0, Math.min(text.length(), RAW_KEPT + 2));
    }
  }
}
