package dev.membership.sandbox.internal;

import dev.membership.sandbox.SandboxOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Everything the server instances of one sandbox share: state, faults, rate limit, counters. Thread-safe. */
final class SandboxRuntime {

  private final Vertx vertx;
  private final SandboxOptions options;
  private final JsonObject initialSeed;
  private final FaultInjector faults;
  private final RateLimiter rateLimiter;
  private final Counters counters = new Counters();
  private volatile World world;

  SandboxRuntime(Vertx vertx, SandboxOptions options, JsonObject initialSeed, World world) {
    this.vertx = vertx;
    this.options = options;
    this.initialSeed = initialSeed;
    this.world = world;
    this.faults = new FaultInjector(options.faults());
    this.rateLimiter = new RateLimiter(options.rateLimit());
  }

  Vertx vertx() {
    return vertx;
  }

  World world() {
    return world;
  }

  FaultInjector faults() {
    return faults;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  Counters counters() {
    return counters;
  }

  /** Back to the options: the initial seed rebuilt, their faults and rate limit, counters zeroed. */
  Future<World> reset() {
    return replace(initialSeed).map(fresh -> {
      faults.set(options.faults());
      rateLimiter.set(options.rateLimit());
      counters.zero();
      return fresh;
    });
  }

  /** Replaces the whole state with the one {@code seed} describes; faults, limit and counters stay. */
  Future<World> replace(JsonObject seed) {
    return vertx.executeBlocking(() -> SeedLoader.load(seed)).map(fresh -> {
      world = fresh;
      return fresh;
    });
  }
}
