package dev.membership.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar sandbox.jar} as an operator runs it: its main class in a JVM of its own. */
class SandboxMainTest {

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the sandbox did not exit");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void helpGoesToStdoutExitsZeroAndFitsEightyColumns() throws Exception {
    Result help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out()).contains("usage: java -jar sandbox.jar [options]").contains("--port N");
    assertThat(help.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
  }

  @Test
  void aBadArgumentExitsTwoNamingTheOptionWithoutRepeatingTheValue() throws Exception {
    Result bad = run("--port", "eighty");

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--port wants a whole number").doesNotContain("eighty");
  }
}
