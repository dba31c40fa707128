package dev.membership.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A bulk report: JSON lines, one per finished input row, written as results arrive and flushed line by line, so
 * that a run killed at any moment leaves every finished row on disk. {@code --resume} reads it back.
 */
final class Report implements Closeable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter out;

  private Report(BufferedWriter out) {
    this.out = out;
  }

  /** Opens {@code file} for appending (created if absent). */
  static Report appendingTo(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean endsMidLine = false;
    if (Files.exists(file) && Files.size(file) > 0) {
      try (var channel = Files.newByteChannel(file)) {
        channel.position(channel.size() - 1);
        java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
        channel.read(last);
        endsMidLine = last.get(0) != '\n';
      }
    }
    // A writer that replaces what UTF-8 cannot encode (a lone surrogate from the input) rather than failing: one
    // such character must not stop every later line.
    BufferedWriter writer = new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(file,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
    if (endsMidLine) {
      // A killed run can leave half a line; end it so the next line stays whole (readers skip the fragment).
      writer.newLine();
    }
    return new Report(writer);
  }

  /** A report that writes nowhere. */
  static Report none() {
    return new Report(null);
  }

  /** Writes and flushes one line. */
  synchronized void write(RowResult result) {
    if (out == null) {
      return;
    }
    try {
      out.write(JSON.writeValueAsString(result.toJson()));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /** The last result a report holds for a row, and that row's input as {@link #inputKey} puts it. */
  record Prior(String result, String input) {}

  /**
   * The last result of each row of a report (a row's last line counts), with the input it had. A truncated last
   * line, as a killed run can leave, is ignored.
   */
  static Map<Long, Prior> priors(Path report) throws IOException {
    Map<Long, Prior> priors = new HashMap<>();
    try (var lines = Files.lines(report, StandardCharsets.UTF_8)) {
      lines.forEach(line -> {
        if (line.isBlank()) {
          return;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          return;
        }
        if (node == null || !node.hasNonNull("row") || !node.hasNonNull("result")) {
          return;
        }
        priors.put(node.get("row").asLong(), new Prior(node.get("result").asText().intern(),
            key(node.get("input"), node.hasNonNull("raw") ? node.get("raw").asText() : null)));
      });
    } catch (NoSuchFileException e) {
      throw new java.io.FileNotFoundException("report to resume from does not exist: " + report);
    } catch (UncheckedIOException e) {
      throw new dev.membership.core.InvalidInputException("--resume", "is not a report (not UTF-8 text)");
    }
    return priors;
  }

  /** A row's input as a report line holds it: what {@code --resume} compares to tell a changed row. */
  static String inputKey(Row row) {
    return key(JSON.valueToTree(RowResult.input(row)), row.raw());
  }

  private static String key(JsonNode input, String raw) {
    try {
      return (input == null ? "{}" : JSON.writeValueAsString(input)) + (raw == null ? "" : "\n" + raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
