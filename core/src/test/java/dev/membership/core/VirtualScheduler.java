package dev.membership.core;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose clock moves only when the test moves it, so waits and timeouts take no real time and are
 * asserted exactly.
 *
 * <p>{@link #advance} moves the clock and runs every timer that falls due, timeouts included. {@link #await} runs
 * the remover until a future completes: while no {@linkplain #timeout timeout} is pending (no HTTP exchange is in
 * flight, since each one has its timeout) it jumps the clock to the next wait, a jump of a second or more only once
 * no timer has been scheduled or cancelled for {@value #QUIET_MILLIS} ms of real time (an event loop handing a
 * result on may be about to schedule an earlier one, and a long jump would be seen); while one is, it waits in real time for the exchange, whose server answers on loopback. A removal that never gets an answer therefore only ends when
 * the test advances the clock past its timeout. Timers run on the thread that moves the clock.
 */
final class VirtualScheduler implements Scheduler {

  private static final Instant EPOCH = Instant.parse("2026-11-25T10:00:00Z");
  /** How long {@link #await} waits in real time for a future before it fails the test: a guard against hangs. */
  private static final long HANG_GUARD_MILLIS = 30_000;
  /** How long, in real time, nothing must have been scheduled or cancelled before {@link #await} moves the clock. */
  static final long QUIET_MILLIS = 2;

  private long now;
  private long sequence;
  private int pendingTimeouts;
  private int firedTimeouts;
  /** Counts every timer scheduled or cancelled: {@link #await} moves the clock only while it stands still. */
  private long changes;
  private final PriorityQueue<Task> timers = new PriorityQueue<>();
  private final List<Long> waits = new ArrayList<>();

  private final class Task implements Timer, Comparable<Task> {
    final long due;
    final long delay;
    final long order = sequence++;
    final boolean timeout;
    final Runnable action;
    /** Cancelled tasks stay queued until they reach the head, where they are dropped without moving the clock. */
    boolean cancelled;
    boolean ran;

    Task(long delay, boolean timeout, Runnable action) {
      this.due = now + delay;
      this.delay = delay;
      this.timeout = timeout;
      this.action = action;
    }

    @Override
    public void cancel() {
      synchronized (VirtualScheduler.this) {
        if (!cancelled && !ran) {
          cancelled = true;
          if (timeout) {
            pendingTimeouts--;
          }
          changes++;
          VirtualScheduler.this.notifyAll();
        }
      }
    }

    @Override
    public int compareTo(Task other) {
      return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
    }
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Instant now() {
    return EPOCH.plusNanos(now);
  }

  @Override
  public synchronized Timer schedule(Duration delay, Runnable task) {
    return add(Math.max(0, delay.toNanos()), false, task);
  }

  @Override
  public synchronized Timer timeout(Duration delay, Runnable onExpiry) {
    return add(Math.max(0, delay.toNanos()), true, onExpiry);
  }

  private Task add(long nanos, boolean timeout, Runnable action) {
    Task task = new Task(nanos, timeout, action);
    timers.add(task);
    if (timeout) {
      pendingTimeouts++;
    }
    changes++;
    notifyAll();
    return task;
  }

  /** Moves the clock forward by {@code delay}, running every timer that falls due on the way, in order. */
  void advance(Duration delay) {
    long target;
    synchronized (this) {
      target = now + delay.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = nextLive();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        take(next);
      }
      next.action.run();
    }
  }

  /** The earliest task not cancelled, or null; drops cancelled ones on the way. */
  private Task nextLive() {
    while (!timers.isEmpty() && timers.peek().cancelled) {
      timers.poll();
    }
    return timers.peek();
  }

  private void take(Task task) {
    timers.poll();
    task.ran = true;
    if (task.timeout) {
      pendingTimeouts--;
      firedTimeouts++;
    } else {
      waits.add(task.delay);
    }
    now = Math.max(now, task.due);
  }

  /**
   * Runs the remover until {@code future} completes (see the class comment) and returns its result; a failure or
   * no completion within 30 s of real time fails the test.
   */
  <T> T await(Future<T> future) {
    drive(future);
    if (future.failed()) {
      throw new AssertionError("future failed", future.cause());
    }
    return future.result();
  }

  /** As {@link #await}, for a future that must fail; returns why. */
  Throwable awaitFailure(Future<?> future) {
    drive(future);
    if (future.succeeded()) {
      throw new AssertionError("expected a failure, got " + future.result());
    }
    return future.cause();
  }

  private void drive(Future<?> future) {
    future.onComplete(ignored -> {
      synchronized (this) {
        notifyAll();
      }
    });
    long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_GUARD_MILLIS);
    long seen = -1;
    long quietSince = 0;
    while (!future.isComplete()) {
      Task next = null;
      synchronized (this) {
        if (!future.isComplete() && pendingTimeouts == 0 && nextLive() != null) {
          if (changes != seen) {
            seen = changes;
            quietSince = System.nanoTime();
          }
          long quietFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quietSince);
          if (quietFor < QUIET_MILLIS && nextLive().due - now >= TimeUnit.SECONDS.toNanos(1)) {
            try {
              wait(QUIET_MILLIS - quietFor);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new AssertionError("interrupted", e);
            }
            continue;
          }
          next = timers.peek();
          take(next);
        } else if (!future.isComplete()) {
          long left = TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime());
          if (left <= 0) {
            throw new AssertionError("future did not complete within " + HANG_GUARD_MILLIS + " ms of real time; "
                + pendingTimeouts + " timeouts pending at virtual " + Duration.ofNanos(now));
          }
          try {
            wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        }
      }
      if (next != null) {
        next.action.run();
      }
    }
  }

  /** Virtual time elapsed since creation. */
  synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Every wait that ran its task (not timeouts, not waits cancelled), with its length, in the order they ran. */
  synchronized List<Duration> sleeps() {
    return waits.stream().map(Duration::ofNanos).toList();
  }

  /** Timeouts that expired: attempts given up on for want of a complete answer in time. */
  synchronized int firedTimeouts() {
    return firedTimeouts;
  }

  /** Timeouts pending: one per HTTP exchange in flight. */
  synchronized int pendingTimeouts() {
    return pendingTimeouts;
  }
}
