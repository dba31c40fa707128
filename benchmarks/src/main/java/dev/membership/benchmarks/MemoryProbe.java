package dev.membership.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.membership.core.BulkSummary;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Part 3, the measuring side: runs in a JVM of its own (one per input size, same {@code -Xmx}) so that only the
 * bulk removal's heap is measured, not the sandbox's nor the benchmark's. Streams a CSV file of
 * {@code groupId,accountId} rows through an {@code Iterator} into {@code removeAll}, with a results consumer that
 * keeps nothing, and triggers a full GC every {@code sampleMillis}; the peak is the largest heap in use right
 * after one of those full GCs, read from the collector's own notification.
 *
 * <p>Arguments: {@code baseUrl file concurrency sampleMillis}. Prints one line {@code RESULT {json}}.
 */
public final class MemoryProbe {

  private static final String EXPLICIT_GC = "System.gc()";

  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
      .collect(Collectors.toSet());
  private final Object lock = new Object();
  private long fullGcs;
  private long lastAfterGc;
  private long peakAfterGc;

  private MemoryProbe() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (!EXPLICIT_GC.equals(info.getGcCause())) {
          return;
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(pool.getKey())) {
            used += pool.getValue().getUsed();
          }
        }
        synchronized (lock) {
          fullGcs++;
          lastAfterGc = used;
          peakAfterGc = Math.max(peakAfterGc, used);
          lock.notifyAll();
        }
      }, null, null);
    }
  }

  /** Runs a full GC and returns the heap in use after it (waits for the collector's notification). */
  long collect() throws InterruptedException {
    long before;
    synchronized (lock) {
      before = fullGcs;
    }
    System.gc();
    synchronized (lock) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (fullGcs == before && System.nanoTime() < deadline) {
        lock.wait(100);
      }
      if (fullGcs != before) {
        return lastAfterGc;
      }
    }
    // No notification arrived: System.gc() has returned, so the heap in use now is what the collection left.
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    synchronized (lock) {
      lastAfterGc = used;
      peakAfterGc = Math.max(peakAfterGc, used);
      return used;
    }
  }

  long peak() {
    synchronized (lock) {
      return peakAfterGc;
    }
  }

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    Path file = Path.of(args[1]);
    int concurrency = Integer.parseInt(args[2]);
    long sampleMillis = Long.parseLong(args[3]);
    MemoryProbe probe = new MemoryProbe();
    Vertx vertx = Vertx.vertx();
    Fixture fixture = new Fixture(baseUrl);
    MembershipRemover remover = MembershipRemover.confluence(vertx, fixture.config,
        RemoverOptions.builder().maxConcurrency(concurrency).build());
    // One removal first, so connections, classes and the JIT's first tiers are in place for both sizes alike.
    remover.remove(fixture.membership).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    long baseline = probe.collect();

    Thread sampler = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(sampleMillis);
          probe.collect();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "heap-sampler");
    sampler.setDaemon(true);

    long start;
    long end;
    BulkSummary summary;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Promise<BulkSummary> done = Promise.promise();
      long[] finished = new long[1];
      sampler.start();
      start = System.nanoTime();
      // Keeps nothing: a consumer that kept results would measure itself, not the toolkit.
      remover.removeAll(rows(reader), result -> { }).completion().onComplete(result -> {
        finished[0] = System.nanoTime();
        done.handle(result);
      });
      summary = done.future().toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
      end = finished[0];
    }
    sampler.interrupt();
    sampler.join();
    long afterRun = probe.collect();
    long samples;
    synchronized (probe.lock) {
      samples = probe.fullGcs;
    }
    JsonObject result = new JsonObject()
        .put("rows", summary.total())
        .put("removed", summary.removed())
        .put("failed", summary.failed())
        .put("elapsedSeconds", (end - start) / 1e9)
        .put("baselineBytes", baseline)
        .put("peakHeapAfterGcBytes", probe.peak())
        .put("afterRunBytes", afterRun)
        .put("fullGcSamples", samples)
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    System.out.println("RESULT " + result.encode());
    System.out.flush();
    remover.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** One membership per line of {@code groupId,accountId}, read as the bulk run asks for it. */
  static Iterator<Membership> rows(BufferedReader reader) {
    return new Iterator<>() {
      String line = read();

      private String read() {
        try {
          return reader.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean hasNext() {
        return line != null;
      }

      @Override
      public Membership next() {
        if (line == null) {
          throw new NoSuchElementException();
        }
        int comma = line.indexOf(',');
        Membership membership = new Membership.Confluence(line.substring(0, comma), line.substring(comma + 1));
        line = read();
        return membership;
      }
    };
  }
}
