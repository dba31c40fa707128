package dev.membership.benchmarks;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Vert.x variant that keeps one client (and so one connection pool sized to the concurrency) per concurrency
 * level across rounds, and closes them all at the end.
 *
 * @param <C> the client type
 */
abstract class PooledVariant<C> implements Variant {

  final Vertx vertx;
  final Fixture fixture;
  final EventLoopDriver driver;
  private final String name;
  private final Consumer<C> closer;
  private final Map<Integer, C> clients = new HashMap<>();

  PooledVariant(String name, Vertx vertx, Fixture fixture, Consumer<C> closer) {
    this.name = name;
    this.vertx = vertx;
    this.fixture = fixture;
    this.closer = closer;
    this.driver = new EventLoopDriver(vertx);
  }

  /** The client for {@code concurrency}, created on first use. */
  final C client(int concurrency) {
    return clients.computeIfAbsent(concurrency, this::create);
  }

  /** Creates the client for {@code concurrency} requests in flight. */
  abstract C create(int concurrency);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void close() {
    clients.values().forEach(closer);
  }
}
