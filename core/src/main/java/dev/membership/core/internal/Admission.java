package dev.membership.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How many removals of one remover are in flight: at most {@code maxConcurrency}, across {@code remove()} calls
 * and bulk runs alike; the rest wait in FIFO order. A removal in flight holds its slot from admission to its end,
 * through every attempt, wait and retry, so that it never queues for a connection behind more requests than its
 * pool has connections.
 */
final class Admission {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Admission.class);

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
  /** Waiting entrants in arrival order; a set, so that one whose deadline passed leaves it at once. */
  private final Set<Entrant> queue = new LinkedHashSet<>();
  private final Set<Entrant> active = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Entrants given a slot and not told yet: told outside the lock, one at a time, in order. */
  private final SerialDelivery told =
      new SerialDelivery(e -> LOG.warn("a removal threw when given its slot; ignored", e));
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

  /**
   * Frees the slot of {@code entrant} and admits the longest waiting entrant, if any. An entrant that ends at once
   * when admitted (its deadline passed) leaves again from inside {@code admitted()}: the admitted are told by one
   * delivery at a time ({@link SerialDelivery}), so a long queue of such entrants does not nest calls.
   */
  void leave(Entrant entrant) {
    synchronized (this) {
      if (!active.remove(entrant) || queue.isEmpty()) {
        return;
      }
      Iterator<Entrant> oldest = queue.iterator();
      Entrant next = oldest.next();
      oldest.remove();
      active.add(next);
      told.add(next::admitted);
    }
    told.deliver();
  }

  /** Takes a queued {@code entrant} out of the queue; false if it is not queued (admitted meanwhile, or closed). */
  synchronized boolean withdraw(Entrant entrant) {
    return queue.remove(entrant);
  }

  /**
   * Every entrant queued or in flight, the queued ones taken out of the queue: the caller ends those that are not
   * in flight. Admission goes on for whoever enters later.
   */
  synchronized List<Entrant> drain() {
    List<Entrant> all = new ArrayList<>(queue);
    all.addAll(active);
    queue.clear();
    return all;
  }

  /** Whether {@link #close} was called. */
  synchronized boolean isClosed() {
    return closed;
  }

  /** Admits no one from now on; returns every entrant queued or in flight, which the caller ends. */
  synchronized List<Entrant> close() {
    closed = true;
    List<Entrant> all = new ArrayList<>(queue);
    all.addAll(active);
    queue.clear();
    active.clear();
    told.clear();
    return all;
  }
}
