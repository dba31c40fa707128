package dev.membership.core.internal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the attempts in flight in real time, with one Vert.x timer for all of them rather than one each.
 *
 * <p>Attempts given the common timeout (the attempt timeout) expire in the order they started, so they are kept
 * in a doubly linked list in that order and one timer is armed for the oldest. An attempt answered in time is
 * unlinked, with no timer to cancel; when the timer fires, every attempt past its time is expired and the timer is
 * armed again for the oldest one left, so under steady load it fires about once per timeout. An attempt that must
 * end sooner than that (its removal's deadline comes first) gets a timer of its own.
 *
 * <p>Whichever comes first settles the attempt: the answer ({@link #settle} returns true) or the expiry
 * ({@link Entry#expired()} is called, on the context the attempt started on). The other then does nothing.
 */
final class InFlight {

  /** One attempt in flight. A removal's own state object is its entry, so tracking allocates nothing. */
  abstract static class Entry {
    private Entry prev;
    private Entry next;
    private long expiresAtNanos;
    private boolean pending;
    private long ownTimer = -1;
    private Context context;

    /** The attempt ran out of time before it was answered; called once, instead of the answer. */
    abstract void expired();
  }

  private final Vertx vertx;
  private final long commonTimeoutNanos;
  private Entry head;
  private Entry tail;
  private long timer = -1;

  /**
   * @param vertx the instance whose timers are used
   * @param commonTimeoutNanos the timeout most attempts get
   */
  InFlight(Vertx vertx, long commonTimeoutNanos) {
    this.vertx = vertx;
    this.commonTimeoutNanos = commonTimeoutNanos;
  }

  /**
   * Starts the clock for {@code entry}, which must not be in flight: it expires after {@code timeoutNanos} unless
   * settled first. Timeouts longer than the common one are cut to it.
   */
  void start(Entry entry, long timeoutNanos) {
    entry.context = Vertx.currentContext();
    synchronized (this) {
      entry.pending = true;
      if (timeoutNanos < commonTimeoutNanos) {
        entry.ownTimer = vertx.setTimer(millis(timeoutNanos), id -> {
          if (settle(entry)) {
            entry.expired();
          }
        });
        return;
      }
      entry.expiresAtNanos = System.nanoTime() + commonTimeoutNanos;
      entry.prev = tail;
      entry.next = null;
      if (tail == null) {
        head = entry;
      } else {
        tail.next = entry;
      }
      tail = entry;
      if (timer < 0) {
        timer = vertx.setTimer(millis(commonTimeoutNanos), id -> sweep());
      }
    }
  }

  /** Settles {@code entry} because it was answered; false if it had already expired (or was never started). */
  boolean settle(Entry entry) {
    long own;
    synchronized (this) {
      if (!entry.pending) {
        return false;
      }
      entry.pending = false;
      own = entry.ownTimer;
      if (own < 0) {
        unlink(entry);
      } else {
        entry.ownTimer = -1;
      }
    }
    if (own >= 0) {
      vertx.cancelTimer(own);
    }
    return true;
  }

  /** Attempts on the common timeout that are neither answered nor expired yet. */
  synchronized int tracked() {
    int n = 0;
    for (Entry e = head; e != null; e = e.next) {
      n++;
    }
    return n;
  }

  private void sweep() {
    List<Entry> expired = null;
    synchronized (this) {
      timer = -1;
      long now = System.nanoTime();
      while (head != null && head.expiresAtNanos - now <= 0) {
        Entry entry = head;
        unlink(entry);
        entry.pending = false;
        if (expired == null) {
          expired = new ArrayList<>();
        }
        expired.add(entry);
      }
      if (head != null) {
        timer = vertx.setTimer(millis(head.expiresAtNanos - now), id -> sweep());
      }
    }
    if (expired == null) {
      return;
    }
    Context here = Vertx.currentContext();
    for (Entry entry : expired) {
      Context context = entry.context;
      entry.context = null;
      if (context == null || context == here) {
        entry.expired();
      } else {
        context.runOnContext(ignored -> entry.expired());
      }
    }
  }

  private void unlink(Entry entry) {
    if (entry.prev == null) {
      head = entry.next;
    } else {
      entry.prev.next = entry.next;
    }
    if (entry.next == null) {
      tail = entry.prev;
    } else {
      entry.next.prev = entry.prev;
    }
    entry.prev = null;
    entry.next = null;
  }

  /** Whole milliseconds, rounded up (a timer must not fire before the time), at least one. */
  private static long millis(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
  }
}
