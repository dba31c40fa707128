package dev.membership.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java.net.http.HttpClient.sendAsync} (HTTP/1.1, body discarded) in {@code concurrency} loops, each sending
 * its next request from the previous one's completion. The client's own executor runs the completions.
 */
final class JdkAsyncVariant extends JavaNetHttpVariant {

  static final String NAME = "java.net.http sendAsync";

  JdkAsyncVariant(Fixture fixture) {
    super(NAME, fixture);
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    long[] latencies = new long[requests];
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger completed = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    CompletableFuture<Long> done = new CompletableFuture<>();
    long start = System.nanoTime();
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> {
      int ticket = issued.getAndIncrement();
      if (ticket >= requests) {
        return;
      }
      long sent = System.nanoTime();
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
        latencies[ticket] = System.nanoTime() - sent;
        if (failure != null || response.statusCode() != 204) {
          errors.incrementAndGet();
          firstError.compareAndSet(null, failure != null ? failure.toString() : "HTTP " + response.statusCode());
        }
        if (completed.incrementAndGet() == requests) {
          done.complete(System.nanoTime());
        } else {
          loop[0].run();
        }
      });
    };
    for (int i = 0; i < concurrency; i++) {
      loop[0].run();
    }
    long end = done.get(EventLoopDriver.ROUND_LIMIT_SECONDS, TimeUnit.SECONDS);
    return new Round(requests, errors.get(), firstError.get(), end - start, latencies);
  }

  @Override
  public void close() {
    // java.net.http in Java 17 has no close(); its threads are daemons and its connections go with the JVM.
  }
}
