package dev.membership.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** {@code java.net.http.HttpClient.send} (blocking) in a loop on each of {@code concurrency} platform threads. */
final class JdkBlockingVariant extends JavaNetHttpVariant {

  static final String NAME = "java.net.http send (blocking)";

  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "blocking-loop");
    thread.setDaemon(true);
    return thread;
  });

  JdkBlockingVariant(Fixture fixture) {
    super(NAME, fixture);
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    long[] latencies = new long[requests];
    AtomicInteger issued = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      loops.add(threads.submit(() -> {
        for (int ticket = issued.getAndIncrement(); ticket < requests; ticket = issued.getAndIncrement()) {
          long sent = System.nanoTime();
          try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, "HTTP " + response.statusCode());
            }
          } catch (java.io.IOException e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
          }
          latencies[ticket] = System.nanoTime() - sent;
        }
        return null;
      }));
    }
    for (Future<?> loop : loops) {
      loop.get(EventLoopDriver.ROUND_LIMIT_SECONDS, TimeUnit.SECONDS);
    }
    return new Round(requests, errors.get(), firstError.get(), System.nanoTime() - start, latencies);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
