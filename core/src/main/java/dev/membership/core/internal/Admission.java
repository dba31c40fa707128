package dev.membership.core.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * How many removals of one remover are in flight: at most {@code maxConcurrency}, across {@code remove()} calls
 * and bulk runs alike; the rest wait in FIFO order. A removal in flight holds its slot from admission to its end,
 * through every attempt, wait and retry, so that it never queues for a connection behind more requests than its
 * pool has connections.
 */
final class Admission {

  /** A removal that asks for a slot. */
  interface Entrant {
    /** A slot is this entrant's; called once, outside the admission's lock. */
    void admitted();

    /** The remover is closing: whatever the entrant is doing, it ends now. */
    void closed();
  }

  /** What {@link #enter} did. */
  enum Entry { ADMITTED, QUEUED, CLOSED }

  private final int maxConcurrency;
  private final ArrayDeque<Entrant> queue = new ArrayDeque<>();
  private final Set<Entrant> active = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean closed;

  Admission(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  /**
   * Takes a slot for {@code entrant} if one is free, else queues it: the caller then starts it
   * ({@link Entry#ADMITTED}), waits for {@link Entrant#admitted()} ({@link Entry#QUEUED}), or fails it
   * ({@link Entry#CLOSED}).
   */
  synchronized Entry enter(Entrant entrant) {
    if (closed) {
      return Entry.CLOSED;
    }
    if (active.size() < maxConcurrency) {
      active.add(entrant);
      return Entry.ADMITTED;
    }
    queue.add(entrant);
    return Entry.QUEUED;
  }

  /** Frees the slot of {@code entrant} and admits the longest waiting entrant, if any. */
  void leave(Entrant entrant) {
    Entrant next;
    synchronized (this) {
      if (!active.remove(entrant)) {
        return;
      }
      next = queue.poll();
      if (next != null) {
        active.add(next);
      }
    }
    if (next != null) {
      next.admitted();
    }
  }

  /** Takes a queued {@code entrant} out of the queue; false if it is not queued (admitted meanwhile, or closed). */
  synchronized boolean withdraw(Entrant entrant) {
    return queue.remove(entrant);
  }

  /** Admits no one from now on; returns every entrant queued or in flight, which the caller ends. */
  synchronized List<Entrant> close() {
    closed = true;
    List<Entrant> all = new ArrayList<>(queue);
    all.addAll(active);
    queue.clear();
    active.clear();
    return all;
  }
}
