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
import java.util.HashSet;
import java.util.Set;

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
    BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
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

  /**
   * The rows a report says are finished (every result but {@code failed}; a row's last line counts). A truncated
   * last line, as a killed run can leave, is ignored.
   */
  static Set<Long> finishedRows(Path report) throws IOException {
    Set<Long> finished = new HashSet<>();
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
        long row = node.get("row").asLong();
        if (RowResult.finished(node.get("result").asText())) {
          finished.add(row);
        } else {
          finished.remove(row);
        }
      });
    } catch (NoSuchFileException e) {
      throw new java.io.FileNotFoundException("report to resume from does not exist: " + report);
    }
    return finished;
  }
}
