package dev.membership.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints results as a readable table (default) or as JSON lines ({@code --output json}). */
final class Output {

  enum Format { table, json }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Output() {}

  static void json(PrintWriter out, Map<String, Object> object) {
    try {
      out.println(JSON.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One line per result, columns padded to their widest cell. */
  static void table(PrintWriter out, List<RowResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ROW", "PROVIDER", "GROUP", "MEMBER", "RESULT", "HTTP", "DETAIL"});
    for (RowResult r : results) {
      rows.add(new String[] {String.valueOf(r.row()), str(r.input().get("provider")), str(r.input().get("groupId")),
          member(r.input()), r.result(), r.httpStatus() == null ? "" : String.valueOf(r.httpStatus()), detail(r)});
    }
    print(out, rows);
  }

  /** A two-column table of counts. */
  static void counts(PrintWriter out, List<String[]> counts) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"RESULT", "COUNT"});
    rows.addAll(counts);
    print(out, rows);
  }

  private static void print(PrintWriter out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String member(Map<String, Object> input) {
    if (input.containsKey("identifierValue")) {
      return input.get("identifierName") + "=" + printable(str(input.get("identifierValue")));
    }
    return printable(str(input.get("accountId")));
  }

  private static String detail(RowResult r) {
    List<String> parts = new ArrayList<>();
    if (r.reason() != null) {
      parts.add(r.reason());
    }
    for (int i = 0; i < r.codes().size(); i++) {
      parts.add(r.codes().get(i) + " " + r.messages().get(i));
    }
    if (r.field() != null) {
      parts.add(r.field() + ": " + (r.error() == null ? "" : r.error().substring(r.error().indexOf(':') + 1).strip()));
    } else if (r.error() != null) {
      parts.add(r.error());
    }
    if (r.attempts() > 1) {
      parts.add(r.attempts() + " attempts");
    }
    return printable(String.join("; ", parts));
  }

  private static String str(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  /** Control characters shown as {@code \\uXXXX} so that a row cannot rewrite the terminal. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
