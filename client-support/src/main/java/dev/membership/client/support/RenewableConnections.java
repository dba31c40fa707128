package dev.membership.client.support;

/**
 * A client whose connection pool can be replaced while it is in use, so that a caller that gave up on a request
 * can take its connection back from a server that never finishes answering.
 *
 * <p>A Vert.x connection pool has no way to take back one connection: a request that is never answered holds its
 * connection until the server closes it. The client therefore counts generations of connections: a caller notes
 * the {@linkplain #connectionGeneration() generation} right after it sends a request and, should it give up on that
 * request, {@linkplain #renewConnections renews} that generation. Requests made from then on go out over a new
 * pool, and the old pool is closed after a grace period, with whatever is still in flight on it.
 */
public interface RenewableConnections {

  /** The generation of connections requests go out over now; it changes with every renewal. */
  int connectionGeneration();

  /**
   * If {@code generation} is still the current one, sends every later request over a new connection pool and
   * closes the current pool after {@code closeAfterMillis}, failing whatever is still in flight on it with a
   * {@link TransportFailureException}. Does nothing for a generation already renewed, so that many callers giving
   * up on requests of the same generation renew it once.
   *
   * @return whether this call renewed the connections
   */
  boolean renewConnections(int generation, long closeAfterMillis);
}
