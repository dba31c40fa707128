package dev.membership.benchmarks;

import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.SandboxAdminClient;
import dev.membership.sandbox.SandboxCounters;
import dev.membership.sandbox.SandboxRateLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** The sandbox's admin client, called blocking from the benchmark's main thread. */
final class SandboxAdmin implements AutoCloseable {

  private final SandboxAdminClient client;

  SandboxAdmin(Vertx vertx, String baseUrl) {
    this.client = SandboxAdminClient.create(vertx, baseUrl);
  }

  /** The sandbox's rate limit of a token bucket of {@code permitsPerSecond} holding one second's worth. */
  static SandboxRateLimit bucket(double permitsPerSecond) {
    return SandboxRateLimit.of(permitsPerSecond, (int) Math.max(1, Math.round(permitsPerSecond)));
  }

  /** Sets the provider rate limit; every bucket and quota starts afresh. */
  void rateLimit(SandboxRateLimit limit) {
    await(client.rateLimit(limit));
  }

  /** Turns the provider rate limit off. */
  void rateLimitOff() {
    await(client.rateLimit(SandboxRateLimit.off()));
  }

  /** Delays every provider answer by {@code millis}, and injects nothing else. */
  void latency(long millis) {
    await(client.faults(FaultSettings.custom().latency(millis, 0).build()));
  }

  /** Injects no faults and no latency. */
  void faultsOff() {
    await(client.faults(FaultSettings.none()));
  }

  /** Zeroes the counters. */
  void resetCounters() {
    await(client.resetCounters());
  }

  /** The Confluence counters. */
  SandboxCounters.ProviderCounters confluenceCounters() {
    return await(client.counters()).confluence();
  }

  private static <T> T await(Future<T> call) {
    try {
      return call.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("sandbox admin call failed: " + e, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
