package dev.membership.benchmarks;

import dev.membership.core.BulkSummary;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RateLimit;
import dev.membership.core.RemoverOptions;
import dev.membership.ratelimit.redis.RedisLanes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

/**
 * Part 5, one replica: a JVM of its own, as one replica of a service would be, that removes {@code rows}
 * memberships in one bulk run at the rate the provider allows, sharing it through Redis or not.
 *
 * <p>Arguments: {@code baseUrl rate rows concurrency redisUrl|none replicas}. Prints {@code READY} once connected,
 * starts when a line arrives on stdin, and prints one line {@code RESULT {json}}.
 */
public final class ReplicaProbe {

  private ReplicaProbe() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    double rate = Double.parseDouble(args[1]);
    int rows = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    String redisUrl = args[4];
    int replicas = Integer.parseInt(args[5]);
    Fixture fixture = new Fixture(baseUrl);
    Vertx vertx = Vertx.vertx();
    SentWhileClosed sentWhileClosed = new SentWhileClosed();
    RemoverOptions.Builder options = RemoverOptions.builder().rateLimit(RateLimit.perSecond(rate))
        .maxConcurrency(concurrency).listener(sentWhileClosed);
    RedisLanes lanes = null;
    if (!"none".equals(redisUrl)) {
      lanes = RedisLanes.connect(vertx, redisUrl, null, Duration.ofSeconds(10)).toCompletionStage()
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      options.sharedLimit(lanes, replicas);
    }
    MembershipRemover remover = MembershipRemover.confluence(vertx, fixture.config, options.build());
    System.out.println("READY");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

    long started = System.nanoTime();
    BulkSummary summary = remover.removeAll(Collections.nCopies(rows, fixture.membership).iterator(), r -> { })
        .completion().toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
    double elapsed = (System.nanoTime() - started) / 1e9;
    remover.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (lanes != null) {
      lanes.close();
    }
    System.out.println("RESULT " + new JsonObject().put("removed", summary.removed())
        .put("notAMember", summary.notAMember()).put("failed", summary.failed())
        .put("sentWhileClosed", sentWhileClosed.count()).put("elapsedSeconds", elapsed).encode());
    System.out.flush();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
