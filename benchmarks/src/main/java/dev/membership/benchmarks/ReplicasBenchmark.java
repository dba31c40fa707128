package dev.membership.benchmarks;

import dev.membership.ratelimit.redis.RedisServer;
import dev.membership.sandbox.SandboxCounters;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Part 5: three replicas, each a JVM of its own ({@link ReplicaProbe}), each a bulk removal configured with the
 * provider's limit L, against one sandbox limited to L requests/s (token bucket, burst one second's worth). Once
 * sharing the limit through a real Redis server (started here on a free loopback port), once each on its own.
 * They start together; the run lasts until the last one finishes. Each has a third of the rows, so that together
 * they would take {@code seconds} at L. The sandbox's request count is read every {@value #SAMPLE_MILLIS} ms: the
 * most requests it received in any second of the run is the peak.
 */
final class ReplicasBenchmark {

  static final int REPLICAS = 3;
  static final double GOODPUT_TARGET = 0.95;
  static final double SHARE_429_TARGET = 0.01;
  static final long SAMPLE_MILLIS = 100;

  /** One run: {@code shared} through Redis or not. */
  record Result(boolean shared, int replicas, long rows, long removed, long failed, long requests, long answered429,
      long sentWhileClosed, double elapsedSeconds, double limit, long peakRequestsPerSecond) {

    /** The most requests the provider received in one second of the run, as a fraction of its limit. */
    double peak() {
      return peakRequestsPerSecond / limit;
    }

    /** Removals per second over the run, as a fraction of the provider's limit. */
    double goodput() {
      return removed / elapsedSeconds / limit;
    }

    /** Requests per second over the run, as a fraction of the provider's limit. */
    double sent() {
      return requests / elapsedSeconds / limit;
    }

    double share429() {
      return requests == 0 ? 0 : (double) answered429 / requests;
    }

    boolean holds() {
      return goodput() >= GOODPUT_TARGET && share429() <= SHARE_429_TARGET && failed == 0;
    }
  }

  private final String baseUrl;
  private final SandboxAdmin admin;
  private final double limit;
  private final double seconds;
  private final int concurrency;
  private final PrintWriter progress;

  ReplicasBenchmark(String baseUrl, SandboxAdmin admin, double limit, double seconds, int concurrency,
      PrintWriter progress) {
    this.baseUrl = baseUrl;
    this.admin = admin;
    this.limit = limit;
    this.seconds = seconds;
    this.concurrency = concurrency;
    this.progress = progress;
  }

  List<Result> run() throws Exception {
    List<Result> results = new ArrayList<>();
    try (RedisServer redis = RedisServer.start(null)) {
      results.add(run(redis.uri()));
      results.add(run(null));
    } finally {
      admin.rateLimitOff();
    }
    return results;
  }

  private Result run(String redisUrl) throws Exception {
    int rowsEach = (int) Math.round(limit * seconds / REPLICAS);
    progress.printf("replicas: %d JVMs, %,d removals each at %.0f/s, %s%n", REPLICAS, rowsEach, limit,
        redisUrl == null ? "each on its own" : "sharing the limit through Redis");
    progress.flush();
    admin.rateLimit(SandboxAdmin.bucket(limit));
    admin.resetCounters();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    try {
      for (int i = 0; i < REPLICAS; i++) {
        Process process = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", System.getProperty("java.class.path"), ReplicaProbe.class.getName(), baseUrl,
            Double.toString(limit), Integer.toString(rowsEach), Integer.toString(concurrency),
            redisUrl == null ? "none" : redisUrl, Integer.toString(REPLICAS))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(process);
        BufferedReader output = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        outputs.add(output);
      }
      for (BufferedReader output : outputs) {
        String line = output.readLine();
        if (!"READY".equals(line)) {
          throw new IllegalStateException("a replica did not start: " + line);
        }
      }
      Sampler sampler = new Sampler();
      Thread sampling = new Thread(sampler, "replicas-sampler");
      sampling.setDaemon(true);
      sampling.start();
      long started = System.nanoTime();
      for (Process process : processes) {
        Writer go = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        go.write("GO\n");
        go.flush();
      }
      List<CompletableFuture<JsonObject>> results = new ArrayList<>();
      for (BufferedReader output : outputs) {
        results.add(CompletableFuture.supplyAsync(() -> result(output)));
      }
      long removed = 0;
      long failed = 0;
      long sentWhileClosed = 0;
      for (CompletableFuture<JsonObject> result : results) {
        JsonObject json = result.get(1, TimeUnit.HOURS);
        removed += json.getLong("removed") + json.getLong("notAMember");
        failed += json.getLong("failed");
        sentWhileClosed += json.getLong("sentWhileClosed");
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      sampler.stop();
      sampling.join(10_000);
      for (Process process : processes) {
        if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
          throw new IllegalStateException("a replica failed");
        }
      }
      SandboxCounters.ProviderCounters counters = admin.confluenceCounters();
      return new Result(redisUrl != null, REPLICAS, (long) rowsEach * REPLICAS, removed, failed,
          counters.requests(), counters.answered(429),
          sentWhileClosed, elapsed, limit, sampler.peak());
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
  }

  /** Reads the sandbox's request count every {@link #SAMPLE_MILLIS} ms; the peak is the most in any second. */
  private final class Sampler implements Runnable {
    private final List<long[]> samples = new ArrayList<>();
    private volatile boolean stopped;

    @Override
    public void run() {
      while (!stopped) {
        long at = System.nanoTime();
        long requests = admin.confluenceCounters().requests();
        synchronized (samples) {
          samples.add(new long[] {at, requests});
        }
        try {
          Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      stopped = true;
    }

    /** The most requests between two samples at most a second apart, scaled to a second. */
    long peak() {
      synchronized (samples) {
        double peak = 0;
        for (int i = 0, j = 0; i < samples.size(); i++) {
          while (samples.get(i)[0] - samples.get(j)[0] > 1_000_000_000L) {
            j++;
          }
          long span = samples.get(i)[0] - samples.get(j)[0];
          if (span >= 900_000_000L) {
            peak = Math.max(peak, (samples.get(i)[1] - samples.get(j)[1]) * 1e9 / span);
          }
        }
        return Math.round(peak);
      }
    }
  }

  /** The replica's {@code RESULT} line, read when it comes; the replica's end is the run's end for it. */
  private static JsonObject result(BufferedReader output) {
    try {
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.startsWith("RESULT ")) {
          return new JsonObject(line.substring("RESULT ".length()));
        }
      }
      throw new IllegalStateException("a replica ended without a result");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
