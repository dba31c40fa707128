package dev.membership.sandbox.internal;

import dev.membership.sandbox.SandboxRateLimit;
import dev.membership.sandbox.SandboxOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Everything the server instances of one sandbox share: state, faults, rate limit, counters. Thread-safe. */
final class SandboxRuntime {

  private final Vertx vertx;
  private final SandboxOptions options;
  private final JsonObject initialSeed;
  private final SandboxRateLimit initialRateLimit;
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
    SandboxRateLimit seeded = SeedLoader.rateLimit(initialSeed);
    this.initialRateLimit = options.rateLimitSet() || seeded == null ? options.rateLimit() : seeded;
    this.rateLimiter = new RateLimiter(initialRateLimit);
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

  /**
   * Back to the start: the initial seed rebuilt, the options' faults, the initial rate limit (the options', else
   * the seed's, else none; its scheduled change counts from now), counters zeroed.
   */
  Future<World> reset() {
    return load(initialSeed).map(fresh -> {
      faults.set(options.faults());
      rateLimiter.set(initialRateLimit);
      counters.zero();
      return fresh;
    });
  }

  /**
   * Replaces the whole state with the one {@code seed} describes, and the rate limit with the seed's
   * {@code rateLimit} section if it has one; faults, counters (and otherwise the limit) stay.
   */
  Future<World> replace(JsonObject seed) {
    return load(seed).map(fresh -> {
      SandboxRateLimit limit = SeedLoader.rateLimit(seed);
      if (limit != null) {
        rateLimiter.set(limit);
      }
      return fresh;
    });
  }

  private Future<World> load(JsonObject seed) {
    return vertx.executeBlocking(() -> SeedLoader.load(seed)).map(fresh -> {
      world = fresh;
      return fresh;
    });
  }
}
