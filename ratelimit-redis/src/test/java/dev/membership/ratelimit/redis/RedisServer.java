package dev.membership.ratelimit.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis server for a test: Debian's {@code redis-server} (which {@code .ci/run} installs), started on a
 * free loopback port with nothing saved to disk, and stopped at the end. A machine without it fails the test with
 * what to install: a skipped test is not a pass.
 */
public final class RedisServer implements AutoCloseable {

  private final List<String> extra;
  private final Path dir;
  private Process process;
  private int port;

  private RedisServer(List<String> extra) throws IOException {
    this.extra = extra;
    this.dir = Files.createTempDirectory("redis-test");
  }

  /** Starts a server; {@code password} null for none. */
  public static RedisServer start(String password) throws IOException, InterruptedException {
    List<String> extra = new ArrayList<>();
    if (password != null) {
      extra.add("--requirepass");
      extra.add(password);
    }
    RedisServer server = new RedisServer(extra);
    server.port = freePort();
    server.launch();
    return server;
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the server and starts it again on the same port: every key is lost, as in a restart without a disk. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /** Stops the server: connections to it are refused until {@link #startServer()}. */
  public void stopServer() throws InterruptedException {
    stop();
  }

  /** Starts a stopped server again on the same port, empty. */
  public void startServer() throws IOException, InterruptedException {
    launch();
  }

  /** Freezes the server (SIGSTOP): connections stay open and nothing is answered until {@link #resume()}. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a paused server answer again (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill " + signal + " exited " + exit);
    }
  }

  private void launch() throws IOException, InterruptedException {
    Path binary = binary();
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
    command.addAll(extra);
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < giveUp) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited: "
              + Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8));
        }
        Thread.sleep(20);
      }
    }
    throw new IllegalStateException("redis-server did not listen on port " + port + " within 10 s");
  }

  private static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    Path debian = Path.of("/usr/bin/redis-server");
    if (Files.isExecutable(debian)) {
      return debian;
    }
    throw new IllegalStateException("redis-server not found: install Debian's redis-server package "
        + "(apt-get install redis-server; .ci/run does)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      try {
        signal("-CONT"); // a paused server would not stop
      } catch (IOException | IllegalStateException ignored) {
        // it is stopped below regardless
      }
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
