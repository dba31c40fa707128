package dev.membership.benchmarks;

/** One way of sending the fixture's request: a raw client, the generated client or the toolkit. */
interface Variant extends AutoCloseable {

  /** The row label. */
  String name();

  /**
   * Sends {@code requests} requests, at most {@code concurrency} at once, and waits for all of them.
   *
   * @throws Exception if the round could not finish (a request hung past the round's time limit)
   */
  Round run(int concurrency, int requests) throws Exception;

  /** Whether this is one of the java.net.http variants, which get their own (smaller) round size. */
  default boolean javaNetHttp() {
    return false;
  }

  @Override
  void close();
}
