package dev.membership.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The physical lines of an input file, decoded as UTF-8 one line at a time so that a problem is pinned to its
 * line: a byte-order mark at the start is skipped; a line ends at LF, and a CR before it is dropped; a line that is
 * not UTF-8 or is longer than {@link #MAX_LINE_BYTES} is still returned (decoded leniently, or cut), with the
 * problem, so that the reader can report that row and go on.
 */
final class InputLines implements Closeable {

  /** The longest line kept whole; the rest of a longer one is skipped. */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** One line: its 1-based number, its text (without the line end), and what was wrong with it, or null. */
  record Line(long number, String text, String problem) {}

  private final InputStream in;
  private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private long number;
  private boolean atEnd;

  InputLines(InputStream in) {
    this.in = new BufferedInputStream(in, 64 * 1024);
  }

  static InputLines open(Path file) throws IOException {
    return new InputLines(Files.newInputStream(file));
  }

  /** The next line, or null at the end of the file. */
  Line next() throws IOException {
    if (atEnd) {
      return null;
    }
    buffer.reset();
    boolean tooLong = false;
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (buffer.size() < MAX_LINE_BYTES) {
        buffer.write(b);
      } else {
        tooLong = true;
      }
    }
    if (b == -1) {
      atEnd = true;
      if (buffer.size() == 0 && !tooLong) {
        return null;
      }
    }
    number++;
    byte[] bytes = buffer.toByteArray();
    int length = bytes.length;
    if (!tooLong && length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    int start = number == 1 && length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    String problem = tooLong ? "line " + number + " is longer than " + MAX_LINE_BYTES + " bytes" : null;
    String text;
    try {
      text = strict.decode(ByteBuffer.wrap(bytes, start, length - start)).toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, start, length - start, StandardCharsets.UTF_8);
      problem = problem != null ? problem : "line " + number + " is not UTF-8 text";
    }
    return new Line(number, text, problem);
  }

  /** The next line with something on it (or with a problem), or null at the end of the file. */
  Line nextNonBlank() throws IOException {
    Line line;
    do {
      line = next();
    } while (line != null && line.problem() == null && line.text().isBlank());
    return line;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
