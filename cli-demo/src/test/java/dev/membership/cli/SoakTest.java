package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxAdminClient;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20,000 removals through {@code bulk} against a sandbox that answers 10% 5xx, 0.01% 429 with Retry-After (each
 * closes the provider's lane for a second and cuts its rate, so a few), resets 2% of connections and adds latency. Every row must end with exactly one result, the sandbox must hold exactly the
 * memberships whose removal did not succeed, every row's attempts stay within the policy and add up to what the
 * sandbox received, and the summary matches the report.
 */
class SoakTest {

  /** 20 groups of 500 per provider: 20,000 rows. {@code -Dsoak.groups=100} gives the documented 100,000 run. */
  private static final int GROUPS = Integer.getInteger("soak.groups", 20);
  private static final int MEMBERS = 500;
  private static final int MAX_ATTEMPTS = 6;

  @TempDir
  Path dir;

  @Test
  @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
  void everyRowEndsOnceAndTheSandboxHoldsExactlyWhatWasNotRemoved() throws Exception {
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0)
        .seed(SeedSource.generated(GROUPS, MEMBERS, 3))
        .faults(FaultSettings.custom().rate500(0.02).rate502(0.04).rate503(0.04).rate429(0.0001, 1)
            .resetRate(0.02).latency(1, 2).seed(2026).build())
        .build()));
    WebClient http = WebClient.create(vertx);
    try (SandboxAdminClient admin = SandboxAdminClient.create(vertx, sandbox.baseUrl())) {
      // Row number -> membership key ("capillary/<group>/<customer id>" or "confluence/<group>/<account>").
      Map<Long, String> keyOfRow = new HashMap<>();
      StringBuilder csv = new StringBuilder("provider,groupId,source,identifierName,identifierValue,accountId\n");
      long row = 0;
      for (long groupId : Await.result(admin.capillaryGroups())) {
        if (groupId <= GROUPS) {
          for (JsonObject customer : Await.result(admin.capillaryMembers(groupId))) {
            csv.append("capillary,").append(groupId).append(",INSTORE,mobile,")
                .append(customer.getString("mobile")).append(",\n");
            keyOfRow.put(++row, "capillary/" + groupId + "/" + customer.getLong("id"));
          }
        }
      }
      for (JsonObject group : Await.result(admin.confluenceGroups())) {
        if (group.getString("name").startsWith("generated-")) {
          for (String account : Await.result(admin.confluenceMembers(group.getString("groupId")))) {
            csv.append("confluence,").append(group.getString("groupId")).append(",,,,").append(account).append('\n');
            keyOfRow.put(++row, "confluence/" + group.getString("groupId") + "/" + account);
          }
        }
      }
      assertThat(row).isEqualTo(2L * GROUPS * MEMBERS);
      Path input = dir.resolve("soak.csv");
      Files.writeString(input, csv, StandardCharsets.UTF_8);
      Path report = dir.resolve("soak-report.jsonl");
      Map<String, String> env = Map.of("CAPILLARY_BASE_URL", sandbox.baseUrl(),
          "CONFLUENCE_BASE_URL", sandbox.baseUrl(), "CAPILLARY_USERNAME", "sandbox_user",
          "CAPILLARY_PASSWORD", "sandbox-password", "CONFLUENCE_EMAIL", "admin@sandbox.test",
          "CONFLUENCE_API_TOKEN", "sandbox-admin-token");

      CliRun run = CliRun.of(env, "bulk", "--input", input.toString(), "--report", report.toString(),
          "--concurrency", "64", "--max-attempts", String.valueOf(MAX_ATTEMPTS), "--deadline", "60");

      List<JsonNode> lines = BulkCommandTest.lines(report);
      Map<Long, List<JsonNode>> perRow = lines.stream().collect(Collectors.groupingBy(l -> l.get("row").asLong()));
      assertThat(perRow.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, row).boxed().toList());
      assertThat(perRow.values()).allSatisfy(results -> assertThat(results).hasSize(1));

      Map<String, Long> counted = lines.stream()
          .collect(Collectors.groupingBy(l -> l.get("result").asText(), Collectors.counting()));
      assertThat(counted.keySet()).isSubsetOf("removed", "not_a_member", "rejected", "failed");
      assertThat(counted.get("removed")).as("most rows are removed despite the faults").isGreaterThan(row * 9 / 10);
      String summary = run.out();
      for (Map.Entry<String, Long> entry : counted.entrySet()) {
        assertThat(summary).as("summary line for " + entry.getKey())
            .containsPattern("(?m)^" + entry.getKey() + " +" + entry.getValue() + "$");
      }
      assertThat(run.exitCode()).isEqualTo(counted.getOrDefault("failed", 0L) > 0 ? 4
          : counted.getOrDefault("rejected", 0L) > 0 ? 3 : 0);

      assertThat(lines).allSatisfy(line -> assertThat(line.get("attempts").asInt()).isBetween(1, MAX_ATTEMPTS));
      long attempts = lines.stream().mapToLong(line -> line.get("attempts").asLong()).sum();
      JsonObject counters = Await.result(http.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send())
          .bodyAsJsonObject();
      long received = counters.getJsonObject("capillary").getLong("requests")
          + counters.getJsonObject("confluence").getLong("requests");
      assertThat(received).as("requests the sandbox received = attempts in the report").isEqualTo(attempts);
      assertThat(counters.getJsonObject("confluence").getLong("injected429")
          + counters.getJsonObject("capillary").getLong("injected429")).isPositive();
      assertThat(counters.getJsonObject("confluence").getLong("connectionResets")
          + counters.getJsonObject("capillary").getLong("connectionResets")).isPositive();

      Set<String> expectedLeft = perRow.entrySet().stream()
          .filter(e -> Set.of("rejected", "failed").contains(e.getValue().get(0).get("result").asText()))
          .map(e -> keyOfRow.get(e.getKey())).collect(Collectors.toSet());
      Set<String> left = new HashSet<>();
      for (long groupId : Await.result(admin.capillaryGroups())) {
        if (groupId <= GROUPS) {
          Await.result(admin.capillaryMembers(groupId)).forEach(c -> left.add("capillary/" + groupId + "/" + c.getLong("id")));
        }
      }
      for (JsonObject group : Await.result(admin.confluenceGroups())) {
        if (group.getString("name").startsWith("generated-")) {
          Await.result(admin.confluenceMembers(group.getString("groupId")))
              .forEach(account -> left.add("confluence/" + group.getString("groupId") + "/" + account));
        }
      }
      assertThat(left).as("memberships still in the sandbox").isEqualTo(expectedLeft);
      assertThat(Await.result(admin.capillaryMembers(3962911L))).as("a group nobody touched").hasSize(2);
    } finally {
      http.close();
      Await.result(sandbox.close());
      Await.result(vertx.close());
    }
  }
}
