package dev.membership.core.internal;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * "Collect under the lock, deliver outside it", written once: a driver hands callbacks to it while it holds its own
 * lock ({@link #add}), and calls {@link #deliver} once it has let go of it. The callbacks run in the order they were
 * handed in, one at a time: a call of {@code deliver} while another thread (or an outer frame of this one) delivers
 * returns at once, and that delivery runs what was added meanwhile, so a callback that calls back into its driver
 * never nests nor runs out of order.
 */
final class SerialDelivery {

  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  private final Consumer<RuntimeException> thrown;
  private boolean delivering;

  /** @param thrown told of what a callback throws; the others still run */
  SerialDelivery(Consumer<RuntimeException> thrown) {
    this.thrown = thrown;
  }

  /** Hands {@code callback} in, to run at the next {@link #deliver}; callable under the driver's lock. */
  synchronized void add(Runnable callback) {
    pending.add(callback);
  }

  /** Whether nothing is waiting to run. */
  synchronized boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Drops what has not run yet. */
  synchronized void clear() {
    pending.clear();
  }

  /** Runs what was handed in, in order, unless a delivery is under way; never call it holding the driver's lock. */
  void deliver() {
    while (true) {
      Runnable next;
      synchronized (this) {
        if (delivering) {
          return;
        }
        next = pending.poll();
        if (next == null) {
          return;
        }
        delivering = true;
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        thrown.accept(e);
      } finally {
        synchronized (this) {
          delivering = false;
        }
      }
    }
  }
}
