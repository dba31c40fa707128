package dev.membership.benchmarks;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Part 3, the driving side: writes a CSV file per input size and runs {@link MemoryProbe} on it in a child JVM
 * with the same heap settings, against this process's sandbox.
 */
final class MemoryBenchmark {

  /** One size's figures, as the probe reported them. */
  record Result(long rows, long removed, long failed, double elapsedSeconds, long baselineBytes,
      long peakHeapAfterGcBytes, long afterRunBytes, long fullGcSamples, long maxHeapBytes) {

    double removalsPerSecond() {
      return rows / elapsedSeconds;
    }

    static Result of(JsonObject json) {
      return new Result(json.getLong("rows"), json.getLong("removed"), json.getLong("failed"),
          json.getDouble("elapsedSeconds"), json.getLong("baselineBytes"), json.getLong("peakHeapAfterGcBytes"),
          json.getLong("afterRunBytes"), json.getLong("fullGcSamples"), json.getLong("maxHeapBytes"));
    }
  }

  private final String baseUrl;
  private final List<Integer> sizes;
  private final int concurrency;
  private final String maxHeap;
  private final long sampleMillis;
  private final PrintWriter progress;

  MemoryBenchmark(String baseUrl, List<Integer> sizes, int concurrency, String maxHeap, long sampleMillis,
      PrintWriter progress) {
    this.baseUrl = baseUrl;
    this.sizes = sizes;
    this.concurrency = concurrency;
    this.maxHeap = maxHeap;
    this.sampleMillis = sampleMillis;
    this.progress = progress;
  }

  List<Result> run() throws Exception {
    Path dir = Files.createTempDirectory("membership-bench");
    List<Result> results = new ArrayList<>();
    try {
      for (int rows : sizes) {
        Path file = dir.resolve("rows-" + rows + ".csv");
        write(file, rows);
        progress.printf("memory: %,d rows streamed from a file, in a child JVM (-Xmx%s)%n", rows, maxHeap);
        progress.flush();
        results.add(probe(file));
        Files.delete(file);
      }
    } finally {
      try (var left = Files.list(dir)) {
        for (Path path : left.toList()) {
          Files.deleteIfExists(path);
        }
      }
      Files.deleteIfExists(dir);
    }
    return results;
  }

  /** {@code rows} lines of {@code groupId,accountId}, cycling through the seed's extra accounts. */
  static void write(Path file, int rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < rows; i++) {
        out.write(Fixture.GROUP_ID);
        out.write(',');
        out.write(Fixture.extraAccount(i % Fixture.EXTRA_ACCOUNTS));
        out.write('\n');
      }
    }
  }

  private Result probe(Path file) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xms" + maxHeap, "-Xmx" + maxHeap, "-XX:+UseG1GC",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(),
        baseUrl, file.toString(), Integer.toString(concurrency), Long.toString(sampleMillis));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        }
      }
    }
    if (!process.waitFor(1, TimeUnit.HOURS)) {
      process.destroyForcibly();
      throw new IllegalStateException("memory probe did not finish");
    }
    if (process.exitValue() != 0 || result == null) {
      throw new IllegalStateException("memory probe failed with exit code " + process.exitValue());
    }
    return Result.of(new JsonObject(result));
  }
}
