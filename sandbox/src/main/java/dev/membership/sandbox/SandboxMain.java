package dev.membership.sandbox;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sandbox alone until the process is stopped:
 * {@code java -jar sandbox.jar [--port N] [--host H] [--seed FILE] [--generate GROUPSxMEMBERS] [--random-seed N]
 * [--instances N]}. It prints one line, {@code sandbox listening on http://HOST:PORT}, once it accepts requests.
 */
public final class SandboxMain {

  private static final String USAGE = """
      usage: java -jar sandbox.jar [options]
        --port N          port to listen on (default 8080; 0 picks a free one)
        --host HOST       address to bind (default 127.0.0.1; anything else exposes
                          the admin API, which has no authentication)
        --seed FILE       initial state from a seed file (default: the demo seed)
        --generate GxM    add G generated groups of M members on both providers,
                          e.g. 100x1000
        --random-seed N   seed of the generated identifiers (default 42)
        --instances N     server instances, one per event loop (default: one per
                          core)
        --help            print this and exit
      """;

  private SandboxMain() {}

  /**
   * Starts the sandbox the arguments describe; exits with status 2 on a bad argument and 1 if it cannot start.
   * {@code --help} prints the usage to stdout and exits 0.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) throws InterruptedException {
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      System.out.println("sandbox: a stateful simulator of Capillary and Confluence");
      System.out.print(USAGE);
      System.exit(0);
      return;
    }
    SandboxOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    Sandbox.start(vertx, options).onComplete(started -> {
      if (started.succeeded()) {
        System.out.println("sandbox listening on " + started.result().baseUrl());
      } else {
        System.err.println("sandbox could not start: " + started.cause().getMessage());
        vertx.close().onComplete(closed -> stopped.countDown());
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // the process is ending anyway
      }
    }, "sandbox-shutdown"));
    stopped.await();
    System.exit(1);
  }

  /**
   * Reads the command line into options.
   *
   * @throws IllegalArgumentException on an unknown option, a missing value or a bad number
   */
  static SandboxOptions parse(String[] args) {
    SandboxOptions.Builder builder = SandboxOptions.custom().port(8080);
    Path seedFile = null;
    int groups = -1;
    int members = -1;
    long randomSeed = 42L;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--port" -> builder.port(integer(option, value));
        case "--host" -> builder.host(value);
        case "--instances" -> builder.instances(integer(option, value));
        case "--seed" -> seedFile = Path.of(value);
        case "--random-seed" -> randomSeed = number(option, value);
        case "--generate" -> {
          String[] parts = value.toLowerCase(Locale.ROOT).split("x", -1);
          if (parts.length != 2) {
            throw new IllegalArgumentException("--generate wants GROUPSxMEMBERS, e.g. 100x1000");
          }
          groups = integer(option, parts[0]);
          members = integer(option, parts[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + option.replaceAll("\\p{Cntrl}", "?"));
      }
    }
    SeedSource seed = seedFile == null ? SeedSource.demo() : SeedSource.file(seedFile);
    if (groups >= 0) {
      seed = seed.generating(groups, members, randomSeed);
    }
    return builder.seed(seed).build();
  }

  private static int integer(String option, String value) {
    long number = number(option, value);
    if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(option + " is out of range");
    }
    return (int) number;
  }

  private static long number(String option, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " wants a whole number");
    }
  }
}
