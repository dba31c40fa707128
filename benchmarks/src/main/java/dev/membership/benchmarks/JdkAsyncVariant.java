package dev.membership.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java.net.http.HttpClient.sendAsync} (HTTP/1.1, body discarded) in {@code concurrency} loops, each sending
 * its next request from the previous one's completion. The client's own executor runs the completions.
 */
final class JdkAsyncVariant implements Variant {

  static final String NAME = "java.net.http sendAsync";

  private final HttpClient client;
  private final HttpRequest request;

  JdkAsyncVariant(Fixture fixture) {
    this.client = JdkClients.client();
    this.request = JdkClients.request(fixture);
  }

  @Override
  public boolean javaNetHttp() {
    return true;
  }

  @Override
  public String name() {
    return NAME;
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

  /** The client and request both java.net.http variants use. */
  static final class JdkClients {
    private JdkClients() {}

    static HttpClient client() {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static HttpRequest request(Fixture fixture) {
      return HttpRequest.newBuilder(fixture.uri).DELETE()
          .header("Authorization", fixture.authorization)
          .header("User-Agent", Fixture.USER_AGENT)
          .build();
    }
  }
}
