package dev.membership.sandbox;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the sandbox's initial state comes from: a seed document (the bundled demo seed, a JSON file, or a document
 * in memory), optionally with generated groups added to it. The document format is described in the module's
 * README; {@code PUT /_sandbox/state} takes the same format. Its optional {@code rateLimit} section, in the JSON
 * form of {@link SandboxRateLimit}, is the limit in force at start and after a reset unless the options set one (see
 * {@link SandboxOptions}).
 */
public final class SeedSource {

  /** Classpath location of the bundled demo seed. */
  public static final String DEMO_RESOURCE = "/dev/membership/sandbox/demo-seed.json";

  private final Path file;
  private final JsonObject document;
  private final JsonObject generate;

  private SeedSource(Path file, JsonObject document, JsonObject generate) {
    this.file = file;
    this.document = document;
    this.generate = generate;
  }

  /**
   * Returns the bundled demo seed: the default credentials, Capillary group 3962910 holding the customer with
   * mobile 918095467895, and a few Confluence groups and accounts.
   */
  public static SeedSource demo() {
    return new SeedSource(null, null, null);
  }

  /**
   * Returns a seed read from a JSON file when the sandbox starts.
   *
   * @throws NullPointerException if {@code file} is null
   */
  public static SeedSource file(Path file) {
    Objects.requireNonNull(file, "file == null");
    return new SeedSource(file, null, null);
  }

  /**
   * Returns a seed given as a document (copied).
   *
   * @throws NullPointerException if {@code document} is null
   */
  public static SeedSource document(JsonObject document) {
    Objects.requireNonNull(document, "document == null");
    return new SeedSource(null, document.copy(), null);
  }

  /**
   * Returns the demo seed plus {@code groups} generated groups of {@code membersPerGroup} members on each provider.
   *
   * @throws IllegalArgumentException if a count is negative or the total exceeds 10,000,000 members
   */
  public static SeedSource generated(int groups, int membersPerGroup, long randomSeed) {
    return demo().generating(groups, membersPerGroup, randomSeed);
  }

  /**
   * Returns this seed plus {@code groups} generated groups of {@code membersPerGroup} distinct members on each
   * provider, their identifiers drawn from a pseudo-random sequence started at {@code randomSeed} (the same
   * arguments always generate the same state).
   *
   * @throws IllegalArgumentException if a count is negative or the total exceeds 10,000,000 members
   */
  public SeedSource generating(int groups, int membersPerGroup, long randomSeed) {
    if (groups < 0 || membersPerGroup < 0 || (long) groups * membersPerGroup > 10_000_000L) {
      throw new IllegalArgumentException(
          "generate needs 0 <= groups, 0 <= membersPerGroup, groups * membersPerGroup <= 10,000,000: " + groups
              + "x" + membersPerGroup);
    }
    return new SeedSource(file, document, new JsonObject()
        .put("groups", groups).put("membersPerGroup", membersPerGroup).put("randomSeed", randomSeed));
  }

  /**
   * Reads the seed document: the file's or the given document, or the bundled demo seed, with a
   * {@code "generate"} member if generation was asked for.
   *
   * @return a fresh copy the caller may change
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if the content is not a JSON object
   */
  public JsonObject read() {
    JsonObject json;
    try {
      if (file != null) {
        json = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      } else if (document != null) {
        json = document.copy();
      } else {
        try (InputStream in = SeedSource.class.getResourceAsStream(DEMO_RESOURCE)) {
          if (in == null) {
            throw new IllegalStateException("the demo seed " + DEMO_RESOURCE + " is missing from the classpath");
          }
          json = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_RESOURCE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read seed " + file, e);
    }
    if (generate != null) {
      json.put("generate", generate.copy());
    }
    return json;
  }

  private static JsonObject parse(String text, String origin) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("seed " + origin + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    String base = file != null ? "file " + file : document != null ? "document" : "demo";
    return generate == null ? base : base + " + generated " + generate.getInteger("groups") + "x"
        + generate.getInteger("membersPerGroup") + " (random seed " + generate.getLong("randomSeed") + ")";
  }
}
