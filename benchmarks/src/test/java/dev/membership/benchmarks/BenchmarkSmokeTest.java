package dev.membership.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark command in a tiny configuration so that it cannot rot: every part runs, every row is printed
 * and written. It asserts the shape of the figures, never a timing target.
 */
class BenchmarkSmokeTest {

  private static final List<String> VARIANTS = List.of(RawWebClientVariant.NAME, GeneratedClientVariant.NAME,
      RemoverVariant.NAME, BulkVariant.NAME, JdkAsyncVariant.NAME, JdkBlockingVariant.NAME);

  @Test
  void printsAndWritesEveryRowOfATinyRun(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("out/bench.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = BenchmarkMain.execute(new PrintWriter(out), new PrintWriter(err),
        "--requests", "200", "--jdk-requests", "100", "--low-requests", "50", "--rounds", "1", "--warmup-rounds", "1",
        "--rate-limit", "100", "--rate-seconds", "2", "--rate-window", "1", "--replica-seconds", "2", "--memory-rows", "200,1000",
        "--concurrent-removals", "300", "--concurrent-latency-ms", "5", "--json", json.toString());

    assertThat(code).as("exit code; stderr:%n%s", err).isZero();
    String table = out.toString();
    for (String variant : VARIANTS) {
      for (int concurrency : List.of(1, 16, 64)) {
        assertThat(table).containsPattern("(?m)^" + java.util.regex.Pattern.quote(variant) + "\\s+" + concurrency
            + "\\s+[\\d,]+\\s+[\\d.]+\\s+[\\d.]+\\s+\\d+\\.\\d{3}\\s");
      }
    }
    for (RateRegimesBenchmark.Regime regime : RateRegimesBenchmark.Regime.values()) {
      assertThat(table).containsPattern("(?m)^" + java.util.regex.Pattern.quote(regime.label) + "\\s+[\\d,]+\\s");
    }
    assertThat(table).containsPattern("(?m)^200\\s+[\\d.]+ MiB").containsPattern("(?m)^1,000\\s+[\\d.]+ MiB");
    assertThat(table.lines().filter(line -> line.matches("\\[(holds|missed)\\] +.*"))).hasSize(9);
    assertThat(table).containsPattern("(?m)^shared through Redis\\s+[\\d,]+\\s")
        .containsPattern("(?m)^each its own\\s+[\\d,]+\\s");
    assertThat(table).containsPattern("(?m)^300\\s+[\\d,]+\\s+\\d\\.\\d{3}\\s");
    assertThat(table).containsPattern("(?m)^heap: \\d+ MB");

    JsonObject report = new JsonObject(Files.readString(json, StandardCharsets.UTF_8));
    JsonArray rows = report.getJsonArray("throughput");
    assertThat(rows).hasSize(VARIANTS.size() * 3);
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      assertThat(VARIANTS).contains(row.getString("variant"));
      assertThat(row.getDouble("removalsPerSecond")).isPositive();
      assertThat(row.getDouble("ratioToRawWebClient")).isPositive();
      assertThat(row.getDouble("p99Millis")).isGreaterThanOrEqualTo(row.getDouble("p50Millis"));
      assertThat(row.getLong("errors")).isZero();
      int expectedRequests = row.getInteger("concurrency") == 1 ? 50
          : row.getString("variant").startsWith("java.net.http") ? 100 : 200;
      assertThat(row.getInteger("requestsPerRound")).as(row.getString("variant")).isEqualTo(expectedRequests);
    }
    JsonArray rates = report.getJsonArray("rates");
    assertThat(rates).hasSize(4);
    for (int i = 0; i < rates.size(); i++) {
      JsonObject regime = rates.getJsonObject(i);
      assertThat(regime.getLong("removed")).as(regime.getString("regime")).isEqualTo(regime.getLong("removals"));
      assertThat(regime.getDouble("fractionOfCapacity")).as(regime.getString("regime")).isPositive();
      assertThat(regime.getDouble("share429")).isBetween(0.0, 1.0);
    }
    JsonArray memory = report.getJsonArray("memory");
    assertThat(memory).hasSize(2);
    assertThat(memory.getJsonObject(0).getLong("rows")).isEqualTo(200);
    assertThat(memory.getJsonObject(1).getLong("rows")).isEqualTo(1_000);
    assertThat(memory.getJsonObject(1).getLong("peakHeapAfterGcBytes")).isPositive();
    JsonObject calls = report.getJsonObject("concurrentCalls");
    assertThat(calls.getInteger("removals")).isEqualTo(300);
    assertThat(calls.getLong("requests")).as("every call reached the sandbox").isGreaterThanOrEqualTo(300);
    assertThat(calls.getLong("failed")).isZero();
    JsonArray replicas = report.getJsonArray("replicas");
    assertThat(replicas).hasSize(2);
    for (int i = 0; i < replicas.size(); i++) {
      JsonObject run = replicas.getJsonObject(i);
      assertThat(run.getLong("removed")).as("every row of the three replicas").isEqualTo(run.getLong("rows"));
      assertThat(run.getLong("failed")).isZero();
      assertThat(run.getDouble("removalsPerLimit")).isPositive();
    }
    assertThat(report.getJsonArray("targets")).hasSize(9);
  }

  @Test
  void measuresInTheHeapItWasGivenElseRelaunchesWithAFixedOne() {
    assertThat(BenchmarkMain.heapChosen(List.of("-Xmx2g"))).isTrue();
    assertThat(BenchmarkMain.heapChosen(List.of("-Dfoo=bar", "-XX:MaxHeapSize=2147483648"))).isTrue();
    assertThat(BenchmarkMain.heapChosen(List.of("-Dfoo=bar", "-XX:+UseG1GC"))).isFalse();
    assertThat(BenchmarkMain.FIXED_HEAP).anyMatch(a -> a.startsWith("-Xms")).anyMatch(a -> a.startsWith("-Xmx"));
  }
}
