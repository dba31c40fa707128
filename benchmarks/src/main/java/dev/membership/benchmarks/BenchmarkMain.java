package dev.membership.benchmarks;

import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark command. Starts the sandbox in this JVM, on a Vert.x instance of its own, and measures against
 * it: (1) throughput and latency of six ways of sending the same request, (2) a bulk run under each of four rate
 * regimes the sandbox plays, (3) peak heap of bulk removal for a small and a large input, (4) requests per removal of
 * many concurrent {@code remove()} calls. Prints tables and whether each target holds; {@code --json FILE} writes
 * the same figures as JSON.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
    description = "Measures the membership toolkit against raw Vert.x and java.net.http clients on an in-process "
        + "sandbox (127.0.0.1 only). Progress goes to stderr, the tables to stdout.")
public final class BenchmarkMain implements Callable<Integer> {

  static final String THROUGHPUT = "throughput";
  static final String RATES = "rates";
  static final String MEMORY = "memory";
  static final String CONCURRENT = "concurrent";
  static final String REPLICAS = "replicas";

  @Option(names = "--requests",
      description = "Requests per round at concurrency > 1 for the Vert.x variants (default 50000; --quick 5000).")
  int requests = 50_000;

  @Option(names = "--jdk-requests",
      description = "Requests per round at concurrency > 1 for the java.net.http variants (default 5000; --quick 1000).")
  int jdkRequests = 5_000;

  @Option(names = "--low-requests", description = "Requests per round at concurrency 1 (default 2000; --quick 500).")
  int lowRequests = 2_000;

  @Option(names = "--rounds", description = "Measured rounds; each figure is their median (default 15; --quick 3).")
  int rounds = 15;

  @Option(names = "--warmup-rounds", description = "Unmeasured rounds of every variant first (default 3).")
  int warmupRounds = 3;

  @Option(names = "--concurrency", split = ",", description = "Concurrency levels (default 1,16,64).")
  List<Integer> concurrency = new ArrayList<>(List.of(1, 16, 64));

  @Option(names = "--variants", split = ",",
      description = "Only these throughput variants, by number 1-6 in table order (default all).")
  List<Integer> variantNumbers = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));

  @Option(names = "--rate-limit", description = "Provider limit of part 2 in requests/s (default 500).")
  double rateLimit = 500;

  @Option(names = "--rate-seconds",
      description = "Length of each rate regime's run at its limit, in seconds (default 30; --quick 8).")
  double rateSeconds = 30;

  @Option(names = "--rate-window",
      description = "Quota window of regime d, in seconds; its quota is the limit times the window (default 5; "
          + "--quick 2).")
  double rateWindow = 5;

  @Option(names = "--rate-concurrency", description = "maxConcurrency of the rate regimes' runs (default 16).")
  int rateConcurrency = 16;

  @Option(names = "--replica-seconds",
      description = "Length of part 5's runs at the limit (--rate-limit), in seconds (default 30; --quick 8).")
  double replicaSeconds = 30;

  @Option(names = "--memory-rows", split = ",",
      description = "Input sizes of the memory runs, smallest first (default 10000,1000000; --quick 10000,100000).")
  List<Integer> memoryRows = new ArrayList<>(List.of(10_000, 1_000_000));

  @Option(names = "--memory-heap", description = "-Xms/-Xmx of each memory child JVM (default 256m).")
  String memoryHeap = "256m";

  @Option(names = "--memory-concurrency", description = "maxConcurrency of the memory runs (default 64).")
  int memoryConcurrency = 64;

  @Option(names = "--memory-sample-ms", description = "Full GC interval while measuring memory (default 250).")
  long memorySampleMillis = 250;

  @Option(names = "--concurrent-removals",
      description = "remove() calls made at once in part 4 (default 10000; --quick 2000).")
  int concurrentRemovals = 10_000;

  @Option(names = "--concurrent-latency-ms", description = "Sandbox latency in part 4, in ms (default 20).")
  long concurrentLatencyMillis = 20;

  @Option(names = "--parts", split = ",",
      description = "Parts to run: throughput, rates, memory, concurrent, replicas (default all).")
  List<String> parts = new ArrayList<>(List.of(THROUGHPUT, RATES, MEMORY, CONCURRENT, REPLICAS));

  @Option(names = "--quick", description = "Smaller sizes (about a minute on 2 cores); explicit options still win.")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  Path json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private PrintWriter out;
  private PrintWriter err;

  /**
   * The heap the command measures in unless its JVM was given one: fixed, so that it is the same on every machine
   * and is not resized during the run, and touched before the run starts. With the JVM's default sizing (an
   * initial heap of 1/64 of the machine's memory, grown as needed) the raw WebClient's rounds at concurrency 64
   * varied by about 15 % on the 2-core reference machine, against about 4 % with this one.
   */
  static final List<String> FIXED_HEAP = List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch");

  public static void main(String[] args) throws Exception {
    List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (heapChosen(jvmArguments)) {
      System.exit(execute(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
          new PrintWriter(System.err, true, StandardCharsets.UTF_8), args));
    }
    System.exit(relaunch(jvmArguments, args));
  }

  /** Whether the JVM was started with an explicit heap size, which the command then keeps. */
  static boolean heapChosen(List<String> jvmArguments) {
    return jvmArguments.stream().anyMatch(a -> a.startsWith("-Xms") || a.startsWith("-Xmx")
        || a.startsWith("-XX:InitialHeapSize") || a.startsWith("-XX:MaxHeapSize"));
  }

  /** Runs the command again in a JVM with {@link #FIXED_HEAP} and this JVM's other options; its exit code. */
  private static int relaunch(List<String> jvmArguments, String[] args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FIXED_HEAP);
    command.addAll(jvmArguments);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchmarkMain.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).inheritIO().start().waitFor();
  }

  /** Runs the command with the given streams; returns the exit code (0 unless it could not run). */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    BenchmarkMain command = new BenchmarkMain();
    command.out = out;
    command.err = err;
    CommandLine line = new CommandLine(command);
    line.setOut(out);
    line.setErr(err);
    int code = line.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() throws Exception {
    applyQuick();
    validate();
    JsonObject settings = settings();
    Vertx serverVertx = Vertx.vertx();
    Vertx clientVertx = Vertx.vertx();
    Sandbox sandbox = null;
    try {
      sandbox = await(Sandbox.start(serverVertx, SandboxOptions.custom().port(0)
          .seed(SeedSource.document(Fixture.seed(SeedSource.demo().read()))).build()));
      err.println("sandbox listening on " + sandbox.baseUrl());
      err.flush();
      Fixture fixture = new Fixture(sandbox.baseUrl());

      List<ThroughputBenchmark.Row> throughput = List.of();
      if (parts.contains(THROUGHPUT)) {
        List<Variant> all = List.of(new RawWebClientVariant(clientVertx, fixture),
            new GeneratedClientVariant(clientVertx, fixture), new RemoverVariant(clientVertx, fixture),
            new BulkVariant(clientVertx, fixture), new JdkAsyncVariant(fixture), new JdkBlockingVariant(fixture));
        List<Variant> variants = variantNumbers.stream().map(n -> all.get(n - 1)).toList();
        try {
          MachineLoad load = MachineLoad.start();
          throughput = new ThroughputBenchmark(variants, concurrency, requests, lowRequests, jdkRequests, rounds,
              warmupRounds, err).run();
          double others = load.othersShare();
          settings.put("otherProcessesCpuShareDuringThroughput", Double.isNaN(others) ? null : others);
        } finally {
          all.forEach(Variant::close);
        }
      }
      List<RateRegimesBenchmark.Result> rates = List.of();
      if (parts.contains(RATES)) {
        try (SandboxAdmin admin = new SandboxAdmin(clientVertx, sandbox.baseUrl())) {
          rates = new RateRegimesBenchmark(clientVertx, fixture, admin, rateLimit, rateSeconds, rateWindow,
              rateConcurrency, err).run();
        }
      }
      List<MemoryBenchmark.Result> memory = List.of();
      if (parts.contains(MEMORY)) {
        memory = new MemoryBenchmark(sandbox.baseUrl(), memoryRows, memoryConcurrency, memoryHeap,
            memorySampleMillis, err).run();
      }

      ConcurrentCallsBenchmark.Result concurrentCalls = null;
      if (parts.contains(CONCURRENT)) {
        try (SandboxAdmin admin = new SandboxAdmin(clientVertx, sandbox.baseUrl())) {
          concurrentCalls = new ConcurrentCallsBenchmark(clientVertx, fixture, admin, concurrentRemovals,
              concurrentLatencyMillis, err).run();
        }
      }

      List<ReplicasBenchmark.Result> replicas = List.of();
      if (parts.contains(REPLICAS)) {
        try (SandboxAdmin admin = new SandboxAdmin(clientVertx, sandbox.baseUrl())) {
          replicas = new ReplicasBenchmark(sandbox.baseUrl(), admin, rateLimit, replicaSeconds, rateConcurrency, err)
              .run();
        }
      }

      Report report = new Report(settings, throughput, rates, memory, concurrentCalls, replicas);
      report.print(out);
      if (json != null) {
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(json, report.toJson().encodePrettily() + "\n", StandardCharsets.UTF_8);
        err.println("wrote " + json);
        err.flush();
      }
      return 0;
    } finally {
      if (sandbox != null) {
        await(sandbox.close());
      }
      await(clientVertx.close());
      await(serverVertx.close());
    }
  }

  private void applyQuick() {
    if (!quick) {
      return;
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    if (!given.hasMatchedOption("--requests")) {
      requests = 5_000;
    }
    if (!given.hasMatchedOption("--jdk-requests")) {
      jdkRequests = 1_000;
    }
    if (!given.hasMatchedOption("--low-requests")) {
      lowRequests = 500;
    }
    if (!given.hasMatchedOption("--rounds")) {
      rounds = 3;
    }
    if (!given.hasMatchedOption("--rate-seconds")) {
      rateSeconds = 8;
    }
    if (!given.hasMatchedOption("--rate-window")) {
      rateWindow = 2;
    }
    if (!given.hasMatchedOption("--replica-seconds")) {
      replicaSeconds = 8;
    }
    if (!given.hasMatchedOption("--memory-rows")) {
      memoryRows = new ArrayList<>(List.of(10_000, 100_000));
    }
    if (!given.hasMatchedOption("--concurrent-removals")) {
      concurrentRemovals = 2_000;
    }
  }

  private void validate() {
    List<String> problems = new ArrayList<>();
    if (requests < 1 || lowRequests < 1 || jdkRequests < 1 || rounds < 1 || warmupRounds < 0) {
      problems.add("--requests, --jdk-requests, --low-requests and --rounds must be at least 1, "
          + "--warmup-rounds at least 0");
    }
    if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1 || c > 10_000)) {
      problems.add("--concurrency levels must be between 1 and 10000");
    }
    if (!(rateLimit >= 1 && rateLimit <= 100_000) || !(rateSeconds >= 1 && rateSeconds <= 3600)
        || !(rateWindow >= 0.5 && rateWindow <= rateSeconds) || rateConcurrency < 1 || rateConcurrency > 10_000) {
      problems.add("--rate-limit must be 1 to 100000, --rate-seconds 1 to 3600, --rate-window 0.5 to "
          + "--rate-seconds, --rate-concurrency 1 to 10000");
    }
    if (memoryRows.isEmpty() || memoryRows.stream().anyMatch(n -> n < 1) || memoryConcurrency < 1
        || memorySampleMillis < 10) {
      problems.add("--memory-rows must be positive, --memory-sample-ms at least 10");
    }
    if (variantNumbers.isEmpty() || variantNumbers.stream().anyMatch(n -> n < 1 || n > 6)) {
      problems.add("--variants takes numbers 1 to 6");
    }
    if (concurrentRemovals < 1 || concurrentLatencyMillis < 0 || concurrentLatencyMillis > 60_000) {
      problems.add("--concurrent-removals must be positive, --concurrent-latency-ms between 0 and 60000");
    }
    if (!(replicaSeconds >= 1 && replicaSeconds <= 3600)) {
      problems.add("--replica-seconds must be 1 to 3600");
    }
    if (!Set.of(THROUGHPUT, RATES, MEMORY, CONCURRENT, REPLICAS).containsAll(parts)) {
      problems.add("--parts takes throughput, rates, memory, concurrent, replicas");
    }
    if (!problems.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", problems));
    }
  }

  private JsonObject settings() {
    return new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory())
        .put("initialHeapBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit())
        .put("requests", requests)
        .put("lowConcurrencyRequests", lowRequests)
        .put("javaNetHttpRequests", jdkRequests)
        .put("rounds", rounds)
        .put("warmupRounds", warmupRounds)
        .put("concurrency", new JsonArray(new ArrayList<>(concurrency)))
        .put("variants", new JsonArray(new ArrayList<>(variantNumbers)))
        .put("rateLimit", rateLimit)
        .put("rateSeconds", rateSeconds)
        .put("rateWindowSeconds", rateWindow)
        .put("rateConcurrency", rateConcurrency)
        .put("replicaSeconds", replicaSeconds)
        .put("memoryRows", new JsonArray(new ArrayList<>(memoryRows)))
        .put("memoryHeap", memoryHeap)
        .put("memoryConcurrency", memoryConcurrency)
        .put("memorySampleMillis", memorySampleMillis)
        .put("concurrentRemovals", concurrentRemovals)
        .put("concurrentLatencyMillis", concurrentLatencyMillis)
        .put("parts", new JsonArray(new ArrayList<>(parts)));
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
