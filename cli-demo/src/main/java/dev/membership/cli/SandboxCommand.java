package dev.membership.cli;

import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code membership sandbox}: runs the sandbox in the foreground until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
    description = "Runs the local simulator of both providers in the foreground until Ctrl-C.")
final class SandboxCommand implements Callable<Integer> {

  @ParentCommand
  MembershipCli cli;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "Port on 127.0.0.1; 0 for a random one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--seed", paramLabel = "FILE", description = "JSON seed file (default: the demo data).")
  Path seed;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new dev.membership.core.InvalidInputException("--port", "must be between 0 and 65535");
    }
    if (seed != null && !Files.isRegularFile(seed)) {
      throw new dev.membership.core.InvalidInputException("--seed", "no such file");
    }
    PrintWriter out = cli.spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(port)
        .seed(seed == null ? SeedSource.demo() : SeedSource.file(seed)).build()));
    out.println("Sandbox listening on " + sandbox.baseUrl() + " (admin API under " + sandbox.baseUrl()
        + "/_sandbox/). Ctrl-C stops it.");
    out.println("Try: CAPILLARY_BASE_URL=" + sandbox.baseUrl() + " CONFLUENCE_BASE_URL=" + sandbox.baseUrl()
        + " with the sandbox credentials from sandbox/README.md.");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Await.result(sandbox.close());
      Await.result(vertx.close());
      stopped.countDown();
    }, "sandbox-stop"));
    stopped.await();
    return ExitCode.OK;
  }
}
