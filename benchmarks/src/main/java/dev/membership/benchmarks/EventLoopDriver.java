package dev.membership.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs {@code concurrency} request loops on one Vert.x event-loop context, each sending the next request as soon
 * as its previous one has completed. All state is touched on that context, as in the toolkit's bulk run, so every
 * Vert.x variant has the same threading: one client event loop.
 */
final class EventLoopDriver {

  /** A round that takes longer than this has a hung request; it fails instead of waiting forever. */
  static final long ROUND_LIMIT_SECONDS = 300;

  private final Context context;

  EventLoopDriver(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  Context context() {
    return context;
  }

  /**
   * Runs one round; {@code send} is called on the context and its future tells whether that request got the
   * expected answer ({@code true}) or another one ({@code false}); a failed future counts as an error too.
   */
  Round run(int concurrency, int requests, Supplier<Future<Boolean>> send) throws Exception {
    Promise<Round> done = Promise.promise();
    context.runOnContext(ignored -> new Loops(concurrency, requests, send, done).start());
    return done.future().toCompletionStage().toCompletableFuture().get(ROUND_LIMIT_SECONDS, TimeUnit.SECONDS);
  }

  private final class Loops {
    final int concurrency;
    final int requests;
    final Supplier<Future<Boolean>> send;
    final Promise<Round> done;
    final long[] latencies;
    int issued;
    int completed;
    long errors;
    String firstError;
    long start;
    ThreadMeter meter;

    Loops(int concurrency, int requests, Supplier<Future<Boolean>> send, Promise<Round> done) {
      this.concurrency = concurrency;
      this.requests = requests;
      this.send = send;
      this.done = done;
      this.latencies = new long[requests];
    }

    void start() {
      meter = ThreadMeter.start();
      start = System.nanoTime();
      for (int i = 0; i < concurrency && issued < requests; i++) {
        next();
      }
    }

    void next() {
      int ticket = issued++;
      long sent = System.nanoTime();
      Future<Boolean> answer;
      try {
        answer = send.get();
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onComplete(result -> {
        long now = System.nanoTime();
        String error = result.failed() ? String.valueOf(result.cause())
            : result.result() ? null : "unexpected answer";
        if (Vertx.currentContext() == context) {
          completed(ticket, now - sent, error);
        } else {
          context.runOnContext(ignored -> completed(ticket, now - sent, error));
        }
      });
    }

    void completed(int ticket, long latency, String error) {
      latencies[ticket] = latency;
      if (error != null) {
        errors++;
        if (firstError == null) {
          firstError = error;
        }
      }
      completed++;
      if (completed == requests) {
        long elapsed = System.nanoTime() - start;
        done.complete(new Round(requests, errors, firstError, elapsed, latencies, meter.cpuNanos(),
            meter.allocatedBytes()));
      } else if (issued < requests) {
        next();
      }
    }
  }
}
