package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's {@code --help}: on stdout, exit 0, nothing on stderr, and no line wider than 80 columns. */
class HelpTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--help", "remove --help", "remove capillary --help", "remove confluence --help",
      "bulk --help", "sandbox --help", "demo --help", "help bulk"})
  void helpGoesToStdoutAndFitsEightyColumns(String command) {
    CliRun run = CliRun.of(command.split(" "));

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("Usage:");
    assertThat(run.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
  }
}
