package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code membership demo} in-process, on a smaller generated state. */
class DemoCommandTest {

  @Test
  void removesOneByOneThenInBulkAndFindsTheSandboxStateAsExpected() {
    CliRun run = CliRun.of("demo", "--groups", "2", "--members", "50");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("mobile=918095467895").contains("not_a_member")
        .contains("== Bulk: 200 rows").contains("removed       200")
        .contains("OK: every removed membership is gone from the sandbox");
  }

  @Test
  void refusesAnOversizedDemoNamingTheOptions() {
    CliRun run = CliRun.of("demo", "--groups", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--groups/--members");
  }
}
