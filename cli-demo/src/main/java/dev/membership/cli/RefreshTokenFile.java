package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file that keeps the latest Atlassian refresh token (CONFLUENCE_OAUTH_REFRESH_TOKEN_FILE): read at start
 * (it is newer than the variable), written (mode 0600, replaced whole) each time a refresh rotates the token, so
 * that a run stopped or finished can start again. Its content is never printed.
 */
final class RefreshTokenFile {

  static final String VARIABLE = "CONFLUENCE_OAUTH_REFRESH_TOKEN_FILE";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final PrintWriter err;

  RefreshTokenFile(Path file, PrintWriter err) {
    this.file = file;
    this.err = err;
  }

  /**
   * The refresh token the file holds, or null if it does not exist or is empty.
   *
   * @throws InvalidInputException naming the variable if the file can be read by others or cannot be read
   */
  String read() {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
          throw new InvalidInputException(VARIABLE, "the file must be readable by its owner only (chmod 600 "
              + file + ")");
        }
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      return token.isEmpty() ? null : token;
    } catch (IOException e) {
      throw new InvalidInputException(VARIABLE, "the file cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Replaces the file's content with {@code token}, mode 0600; a failure is said on stderr, without the token. */
  void write(String token) {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      temporary = Files.getFileStore(directory).supportsFileAttributeView("posix")
          ? Files.createTempFile(directory, ".refresh-token", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
          : Files.createTempFile(directory, ".refresh-token", ".tmp");
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temporary,
          java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(true); // on disk before it replaces the old one: a crash leaves one or the other, whole
      }
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      err.println("warning: the rotated Confluence refresh token could not be written to " + file + " ("
          + e.getClass().getSimpleName() + "); this run goes on with it, but the next one will need a new refresh "
          + "token");
      err.flush();
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // nothing more to do
        }
      }
    }
  }
}
