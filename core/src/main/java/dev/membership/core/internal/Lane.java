package dev.membership.core.internal;

import dev.membership.core.LaneState;
import dev.membership.core.Provider;
import dev.membership.core.RateLimit;
import dev.membership.core.RemovalListener;
import dev.membership.core.Scheduler;
import dev.membership.core.SharedLimit;
import io.vertx.core.AsyncResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's lane of one remover: every attempt to the provider takes a permit from it, in FIFO order. It is
 * the one place that decides when a request may go out.
 *
 * <ul>
 *   <li><b>Closed.</b> A {@code 429}, or a {@code 503} with {@code Retry-After}, closes the lane until the wait
 *       has passed: {@code Retry-After} (at least one second for 0, a past date or a value that cannot be read;
 *       one second if absent). A quota the rate-limit headers say is spent ({@code remaining} 0, on any answer)
 *       closes it until the quota's reset instead. The wait is never shortened: no request goes out before the
 *       provider said it may. Each closure has a bound, the longest the remover waits for such a wait (the retry
 *       policy's {@code maxRetryAfter}; an hour for a quota): a waiter is told of every closure in force
 *       ({@link Waiter#closed}) and decides whether to wait for it. While it is closed, no permit is given. Then
 *       one request goes first as a probe; the others wait for its answer, and a refused probe closes the lane
 *       again.
 *   <li><b>Paced.</b> While open, permits go out at the least of three rates: the configured {@link RateLimit};
 *       what the rate-limit headers say is left, spread evenly until their reset; and the adaptive rate.
 *   <li><b>Adaptive rate:</b> {@link CubicRate}, whose ceiling is the configured {@link RateLimit}. A {@code 429}
 *       (once per closure; not a refused probe, which says the provider is still closed, not that the lane went too
 *       fast) or {@code X-RateLimit-NearLimit} without a remaining count and reset to spend evenly (at most once per
 *       measuring window) is a decrease; it grows only while it is what holds requests back, so it stays near the
 *       rate actually sent, and one stray 429 costs seconds, not minutes.
 * </ul>
 *
 * <p><b>Shared.</b> With a {@link SharedLimit}, each permit the lane would give is first reserved there, one
 * reservation at a time, and given once the delay the reservation names has passed; a reservation that finds the
 * lane closed by another remover closes this one for what remains of it, and a closure this lane learns of from
 * an answer is written there. While the shared limit cannot be reached (see {@link SharedLane.Health}), the lane
 * falls back: from an empty bucket, it keeps to the configured rate divided by the expected replicas, and tries the
 * shared limit again once a second.
 *
 * <p><b>Stalls.</b> While requests wait and no permit has been given for the stall timeout (counted from the
 * last permit, or from the end of a closure within its bound), every waiter is told ({@link Waiter#stalled}): a
 * safety net for waits nothing else bounds.
 *
 * <p>Every wait is a timer of the {@link Scheduler}, armed only while someone waits: one at a time, for the next
 * permit, the end of a closure or the stall timeout, whichever comes first, and one for a reserved permit's delay.
 */
final class Lane {

  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  /** The longest wait for a spent quota's reset that is waited for: quotas are hourly. */
  static final Duration QUOTA_BOUND = Duration.ofHours(1);
  /** How often a lane in fallback tries the shared limit again. */
  static final long SHARED_RETRY_NANOS = 1_000_000_000L;

  /** Someone waiting for a permit. */
  interface Waiter {
    /** The permit is this waiter's: send now. Called once, outside the lane's lock. */
    void granted(Permit permit);

    /**
     * The lane is closed while this waiter is queued: it was queued during {@code closure}, or the lane closed
     * while it waited. The waiter may {@linkplain #withdraw withdraw} rather than wait. Called outside the lock.
     */
    void closed(Closure closure);

    /**
     * No permit has been given for the stall timeout while this waiter waited (a closure within its bound not
     * counted). The waiter may {@linkplain #withdraw withdraw} rather than wait. Called outside the lock.
     */
    void stalled();
  }

  /**
   * A closure in force: nothing goes out until {@code untilNanos} (on the scheduler's clock), {@code until} on the
   * wall clock.
   *
   * @param asked the wait the provider asked for, or the shared limit gave (never shortened)
   * @param bound the longest the remover waits for a wait of this kind: the retry policy's {@code maxRetryAfter},
   *     or {@link #QUOTA_BOUND} for a spent quota
   */
  record Closure(long untilNanos, Instant until, String reason, Duration asked, Duration bound) {
    /** Whether the provider asked for a longer wait than the remover waits for. */
    boolean beyondBound() {
      return asked.compareTo(bound) > 0;
    }
  }

  /** The right to send one request; whoever holds it tells the lane once what came of it. */
  static final class Permit {
    final long epoch;
    final boolean probe;
    private boolean done;

    private Permit(long epoch, boolean probe) {
      this.epoch = epoch;
      this.probe = probe;
    }
  }

  private final Provider provider;
  private final double ceiling;
  private final int ceilingBurst;
  private final Duration maxRetryAfter;
  private final long stallNanos;
  private final Scheduler scheduler;
  private final RemovalListener listener;
  private final String name;
  private final SharedLane shared;

  // Under the lock.
  private final LinkedHashSet<Waiter> queue = new LinkedHashSet<>();
  private final ClosureState closures = new ClosureState();
  private final CubicRate adaptive;
  private final HeaderPacing pacing = new HeaderPacing();
  private double tokens;
  private long refilledNanos;
  private Scheduler.Timer timer;
  /** When a permit was last given, and since when someone waits (or the waiters were last told of a stall). */
  private long lastGrantNanos;
  private long watchedSinceNanos;
  private long timerAtNanos;
  private long timerSeq;
  private boolean stopped;
  /** The lane waits for a reservation of the shared limit: in flight, or its permit waiting for its delay. */
  private boolean reserving;
  /**
   * A call to the shared limit has not been answered, though the lane may have stopped waiting for it (an outage
   * began): no other is made until it is, so calls never pile up behind a frozen server.
   */
  private Call pendingCall;
  private Scheduler.Timer reservedTimer;
  private Scheduler.Timer boundTimer;
  private long nextSharedTryNanos;

  /** Grants and notifications, delivered outside the lock, by one thread at a time, in order. */
  private final SerialDelivery outbox;

  Lane(Provider provider, RateLimit limit, Duration maxRetryAfter, Duration stallTimeout, Scheduler scheduler,
      RemovalListener listener, SharedLane shared) {
    this.provider = provider;
    this.shared = shared;
    this.ceiling = limit.isUnlimited() ? Double.POSITIVE_INFINITY : limit.permitsPerSecond();
    this.ceilingBurst = limit.isUnlimited() ? Integer.MAX_VALUE : limit.burst();
    this.maxRetryAfter = maxRetryAfter;
    Duration longest = Duration.ofDays(ClosureState.MAX_CLOSURE_DAYS); // a stall of centuries would overflow the clock
    this.stallNanos = stallTimeout.compareTo(longest) > 0 ? longest.toNanos() : stallTimeout.toNanos();
    this.scheduler = scheduler;
    this.listener = listener;
    this.name = provider.key();
    this.outbox = new SerialDelivery(e -> LOG.warn("{} lane: a waiter or listener threw; ignored", name, e));
    long createdNanos = scheduler.nanoTime();
    this.lastGrantNanos = createdNanos;
    this.adaptive = new CubicRate(ceiling, createdNanos);
    this.refilledNanos = createdNanos;
    this.tokens = limit.isUnlimited() ? 1 : limit.burst();
  }

  /** A permit now, or null: the waiter is queued and {@link Waiter#granted} comes later, unless withdrawn. */
  Permit acquire(Waiter waiter) {
    Permit permit = null;
    synchronized (this) {
      long now = scheduler.nanoTime();
      settle(now);
      if (queue.isEmpty() && !stopped && shared == null) {
        if (closures.status() == LaneState.Status.OPEN) {
          refill(now);
          if (tokens >= 1) {
            tokens -= 1;
            adaptive.notHeldBack(now);
            lastGrantNanos = now;
            permit = new Permit(closures.epoch(), false);
          }
        } else if (closures.takeProbe()) {
          lastGrantNanos = now;
          permit = new Permit(closures.epoch(), true);
        }
      }
      if (permit == null) {
        if (queue.isEmpty()) {
          watchedSinceNanos = now;
        }
        queue.add(waiter);
        Closure closure = closures.closure();
        if (closure != null) {
          outbox.add(() -> waiter.closed(closure));
        }
      }
    }
    if (permit == null) {
      pump();
    } else {
      deliver();
    }
    return permit;
  }

  /** Takes a queued waiter out; false if it is not queued (granted meanwhile). */
  synchronized boolean withdraw(Waiter waiter) {
    boolean withdrawn = queue.remove(waiter);
    if (queue.isEmpty()) {
      disarm(); // nobody waits for it
    }
    return withdrawn;
  }

  /** What the request sent under {@code permit} was answered, as its head read {@code answer}. */
  void answered(Permit permit, Answer answer, Instant nowInstant) {
    int status = answer.status();
    RateLimitHeaders limits = answer.limits();
    Closure closed = null;
    boolean waiting;
    synchronized (this) {
      if (permit.done || stopped) {
        return;
      }
      permit.done = true;
      long now = scheduler.nanoTime();
      settle(now); // a closure that has passed is over, whatever answer comes late
      if (permit.probe) {
        closures.probeBack();
      }
      boolean spent = limits.spent(nowInstant);
      if (answer.closesLane()) {
        Duration asked = answer.retryAfter();
        boolean quota = limits.quota() || spent;
        if (status == 429 && !permit.probe && permit.epoch == closures.epoch()) {
          decrease(now, false); // once per closure: answers to permits given before it do not cut again
        }
        if (spent && (asked == null || asked.compareTo(untilReset(limits, nowInstant)) < 0)) {
          closed = closeUntilReset(now, nowInstant, limits, permit);
        } else {
          closed = close(now, nowInstant, RetryAfter.atLeastOneSecond(asked), quota ? "quota" : "HTTP " + status,
              permit, quota ? QUOTA_BOUND : maxRetryAfter);
        }
      } else {
        if (status >= 200 && status < 500) {
          adaptive.accepted(now);
        }
        if (permit.probe && closures.opened()) {
          refilledNanos = now; // the probe was this moment's permit: the next one comes at the lane's rate
          tokens = 0;
          adaptive.notHeldBack(now);
          notifyState();
        }
        if (spent) {
          closed = closeUntilReset(now, nowInstant, limits, permit);
        } else if (limits.nearLimit() && !limits.known() && adaptive.windowSinceDecrease(now)) {
          // Only when the headers do not say what is left: spending that evenly until the reset already paces the
          // lane, and an even spend is always near the limit at the end of a window.
          decrease(now, true);
        }
      }
      pacing.read(limits, now, nowInstant);
      if (shared != null && closed != null) {
        publish(closed.asked(), closed.reason());
      }
      waiting = !queue.isEmpty() || !outbox.isEmpty();
    }
    if (waiting) {
      pump(); // the answer may have opened the lane, or changed its rate, for those waiting
    }
  }

  /** The request sent under {@code permit} got no answer (or was never sent): a probe lets the next one go. */
  void released(Permit permit) {
    synchronized (this) {
      if (permit.done) {
        return;
      }
      permit.done = true;
      if (permit.probe) {
        closures.probeBack();
      }
    }
    pump();
  }

  /** The lane as it is now. */
  LaneState state() {
    LaneState state;
    synchronized (this) {
      settle(scheduler.nanoTime());
      state = snapshot();
    }
    deliver(); // settling may have queued a notification
    return state;
  }

  /** Gives no permit from now on and cancels its timer; the waiters are the remover's to end. */
  void stop() {
    List<Scheduler.Timer> pending = new ArrayList<>(3);
    synchronized (this) {
      stopped = true;
      queue.clear();
      for (Scheduler.Timer each : new Scheduler.Timer[] {timer, reservedTimer, boundTimer}) {
        if (each != null) {
          pending.add(each);
        }
      }
      timer = null;
      reservedTimer = null;
      boundTimer = null;
    }
    pending.forEach(Scheduler.Timer::cancel);
  }

  /** The closure in force, or null if the lane is not closed. */
  Closure closure() {
    Closure closure;
    synchronized (this) {
      settle(scheduler.nanoTime());
      closure = closures.closure();
    }
    deliver(); // settling may have queued a notification
    return closure;
  }

  // --- under the lock ------------------------------------------------------------------------------------------

  /**
   * Closes the lane for {@code wait} from now (the whole wait, never shortened: {@link ClosureState#close}), for an
   * answer to {@code permit}; returns the closure, or null if it changed nothing.
   */
  private Closure close(long now, Instant nowInstant, Duration wait, String why, Permit permit, Duration bound) {
    Closure closure = closures.close(now, nowInstant, wait, why, permit.epoch, bound);
    if (closure != null) {
      shut(closure, "");
    }
    return closure;
  }

  /** Under the lock: says the lane closed ({@code by} whom, if not this lane), and tells every waiter. */
  private void shut(Closure closure, String by) {
    if (closure.beyondBound()) {
      LOG.warn("{} lane closed for {} s{}: {}; longer than the {} s the remover waits, so removals that would wait "
          + "end without being sent", name, closure.asked().toSeconds(), by, closure.reason(),
          closure.bound().toSeconds());
    } else {
      LOG.warn("{} lane closed for {} ms{}: {}", name, closure.asked().toMillis(), by, closure.reason());
    }
    notifyState();
    for (Waiter waiter : queue) {
      outbox.add(() -> waiter.closed(closure));
    }
  }

  /**
   * Closes the lane until a spent quota resets: the reset is the provider's own statement, not a
   * {@code Retry-After}, so its bound is an hour (quotas are hourly), not the retry policy's.
   */
  private Closure closeUntilReset(long now, Instant nowInstant, RateLimitHeaders limits, Permit permit) {
    return close(now, nowInstant, untilReset(limits, nowInstant), "quota", permit, QUOTA_BOUND);
  }

  private static Duration untilReset(RateLimitHeaders limits, Instant now) {
    return Duration.between(now, limits.reset());
  }

  /** The closure has passed: the next permit is a probe. */
  private void settle(long now) {
    Closure ended = closures.settle(now);
    if (ended != null) {
      if (!ended.beyondBound() && ended.untilNanos() - watchedSinceNanos > 0) {
        watchedSinceNanos = ended.untilNanos(); // waited out, not a stall: the watch begins again at its end
      }
      notifyState();
    }
    pacing.expire(now);
  }

  /** Cuts the adaptive rate ({@link CubicRate#decrease}), saying so if {@code notify}. */
  private void decrease(long now, boolean notify) {
    adaptive.decrease(now);
    LOG.debug("{} adaptive rate cut to {}/s", name, String.format(Locale.ROOT, "%.2f", adaptive.rate()));
    if (notify) {
      notifyState();
    }
  }

  private double rate() {
    double rate = Math.min(ceiling, adaptive.rate());
    if (shared != null && shared.health().down()) {
      rate = Math.min(rate, shared.fallbackRate());
    }
    return Math.min(rate, pacing.limit());
  }

  private void refill(long now) {
    double rate = rate();
    // The configured burst while the lane runs at the configured rate; else a tenth of a second's permits.
    double burst = rate >= ceiling ? ceilingBurst : Math.max(1, Math.min(ceilingBurst, rate / 10));
    // Capped on every call: when the rate drops, so does the burst it allows.
    tokens = Math.min(burst, tokens + Math.max(0, now - refilledNanos) * rate / 1e9);
    refilledNanos = Math.max(refilledNanos, now);
  }

  private LaneState snapshot() {
    Closure closure = closures.closure();
    return new LaneState(provider, closures.status(), closure == null ? null : closure.until(),
        closure == null ? null : closure.reason(), rate());
  }

  private void notifyState() {
    LaneState state = snapshot();
    outbox.add(() -> {
      try {
        listener.onLaneChange(state);
      } catch (RuntimeException e) {
        LOG.warn("removal listener threw; ignored", e);
      }
    });
  }

  /** Under the lock: cancels the one timer. */
  private void disarm() {
    if (timer != null) {
      timer.cancel();
      timer = null;
      timerSeq++;
    }
  }

  /** Arms the one timer for {@code at}, unless it is armed for that time or sooner. */
  private void arm(long now, long at) {
    if (timer != null && timerAtNanos <= at) {
      return;
    }
    if (timer != null) {
      timer.cancel();
    }
    timerAtNanos = at;
    long armed = ++timerSeq;
    timer = scheduler.schedule(Duration.ofNanos(Math.max(0, at - now)), () -> {
      synchronized (this) {
        if (timerSeq == armed) {
          timer = null;
        }
      }
      pump();
    });
  }

  // --- outside the lock ----------------------------------------------------------------------------------------

  /** Gives what permits are due to waiters in FIFO order and arms the timer for the next. */
  private void pump() {
    synchronized (this) {
      if (!stopped) {
        long now = scheduler.nanoTime();
        settle(now);
        checkStall(now);
        long wake = Long.MAX_VALUE; // when the next permit is due, if the lane knows
        if (closures.status() == LaneState.Status.CLOSED) {
          wake = closures.closure().untilNanos();
        } else if (closures.status() == LaneState.Status.PROBING) {
          if (!closures.probeOut() && !queue.isEmpty() && !reserving) {
            if (local(now)) {
              closures.takeProbe();
              grant(new Permit(closures.epoch(), true));
            } else if (pendingCall == null) {
              closures.takeProbe();
              reserve(now, true);
            } // else the pending call's answer pumps again
          }
        } else if (!queue.isEmpty() && !reserving) {
          adaptive.grow(now, rate() >= adaptive.rate()); // only while it, not another limit, holds them back
          refill(now);
          if (local(now)) {
            while (tokens >= 1 && !queue.isEmpty()) {
              tokens -= 1;
              grant(new Permit(closures.epoch(), false));
            }
          } else if (tokens >= 1 && pendingCall == null) {
            tokens -= 1;
            reserve(now, false);
          } // with a token and a call pending, the call's answer pumps again
          if (!queue.isEmpty() && tokens < 1 && !reserving) {
            wake = now + (long) Math.ceil((1 - tokens) / rate() * 1e9);
          }
        }
        if (!queue.isEmpty()) {
          // The stall is watched also while a probe or a reservation is out, which may take long.
          long stall = stallDue();
          arm(now, wake == Long.MAX_VALUE || stall - wake < 0 ? stall : wake);
        }
      }
    }
    deliver();
  }

  /**
   * Under the lock: whether the lane gives permits on its own: without a shared limit, or while it cannot be
   * reached, except once a second when it is asked again (if no earlier call is still unanswered).
   */
  private boolean local(long now) {
    return shared == null || (shared.health().down() && (pendingCall != null || now < nextSharedTryNanos));
  }

  /** One call to the shared limit for one permit (a probe's, or not), as the lane follows it; under the lock. */
  private static final class Call {
    final boolean probe;
    final long epoch;
    boolean answered;
    int overdue;
    /** The lane stopped waiting for it: an outage began while it was in flight, or it was lost. */
    boolean abandoned;

    Call(boolean probe, long epoch) {
      this.probe = probe;
      this.epoch = epoch;
    }
  }

  /**
   * Under the lock: reserves the next permit in the shared limit, outside the lock, bounded by the shared limit's
   * timeout; what it comes to is {@link #reservationAnswered}.
   */
  private void reserve(long now, boolean probe) {
    reserving = true;
    nextSharedTryNanos = now + SHARED_RETRY_NANOS;
    Call call = new Call(probe, closures.epoch());
    pendingCall = call;
    outbox.add(() -> {
      synchronized (this) {
        if (stopped) {
          return;
        }
        boundTimer = scheduler.timeout(shared.timeout(), () -> overdue(call));
      }
      io.vertx.core.Future<SharedLimit.Reservation> reservation;
      try {
        reservation = shared.limit().reserve(shared.name(), shared.rate());
      } catch (RuntimeException e) {
        reservation = io.vertx.core.Future.failedFuture(e);
      }
      reservation.onComplete(result -> reservationAnswered(call, result));
    });
  }

  /**
   * The call has taken longer than the timeout: a timeout for the shared limit's {@link SharedLane.Health}. If that
   * began an outage, the lane stops waiting and goes on with the fallback, and makes no other call until this one
   * is answered. Else it waits one timeout more; a call still unanswered then, while others are answered, is taken
   * for lost: the lane asks again.
   */
  private void overdue(Call call) {
    synchronized (this) {
      if (stopped || call.answered) {
        return;
      }
    }
    shared.health().failed(new TimeoutException(), shared.timeout());
    synchronized (this) {
      if (stopped || call.answered) {
        return;
      }
      if (shared.health().down() || ++call.overdue >= 2) {
        boundTimer = null;
        call.abandoned = true;
        if (!shared.health().down()) {
          pendingCall = null;
        }
        fallBack(call.probe);
      } else {
        boundTimer = scheduler.timeout(shared.timeout(), () -> overdue(call));
      }
    }
    pump();
  }

  /** Under the lock: no permit for this call; the next comes from the fallback's pacing, or is asked for again. */
  private void fallBack(boolean probe) {
    reserving = false;
    if (probe) {
      closures.probeBack();
    }
    // From an empty bucket: what the lane saved up at the shared rate would go out at once, on top of what the
    // replicas still sharing the limit send.
    tokens = 0;
    refilledNanos = scheduler.nanoTime();
  }

  /** What a reservation came to: a permit after its delay, a closure, or a failure (then the fallback's pacing). */
  private void reservationAnswered(Call call, AsyncResult<SharedLimit.Reservation> result) {
    Throwable problem = result.failed() ? result.cause() : malformed(result.result());
    Scheduler.Timer bound;
    synchronized (this) {
      call.answered = true;
      bound = null;
      if (pendingCall == call) {
        pendingCall = null;
        bound = boundTimer;
        boundTimer = null;
      }
    }
    if (bound != null) {
      bound.cancel();
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    if (problem != null) {
      shared.health().failed(problem, shared.timeout());
    } else {
      shared.health().answered();
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
      long now = scheduler.nanoTime();
      if (problem != null) {
        if (!call.abandoned) {
          fallBack(call.probe);
        }
      } else if (result.result() instanceof SharedLimit.Reservation.Closed closure) {
        if (!call.abandoned) {
          reserving = false;
          if (call.probe) {
            closures.probeBack();
          }
        }
        closeShared(now, closure.remaining(), closure.reason());
      } else if (!call.abandoned) {
        Duration delay = ((SharedLimit.Reservation.Permit) result.result()).delay();
        if (delay.isZero()) {
          grantReserved(call.probe, call.epoch);
        } else {
          reservedTimer = scheduler.schedule(delay, () -> {
            synchronized (this) {
              reservedTimer = null;
              grantReserved(call.probe, call.epoch);
            }
            pump();
          });
        }
      } // else the lane went on without it: the permit goes unused
    }
    pump();
  }

  /** Why a reservation cannot be used, or null if it can: the shared limit is an interface anyone may implement. */
  private static Throwable malformed(SharedLimit.Reservation reservation) {
    boolean usable = reservation instanceof SharedLimit.Reservation.Permit permit
        ? permit.delay() != null && !permit.delay().isNegative()
        : reservation instanceof SharedLimit.Reservation.Closed closed && closed.remaining() != null;
    return usable ? null : new IllegalStateException("the shared limit gave an unusable reservation");
  }

  /**
   * Under the lock: gives a reserved permit to the longest waiting waiter; if nobody waits, the lane is stopped, or
   * it closed since the reservation, the permit goes unused (a closed lane sends nothing).
   */
  private void grantReserved(boolean probe, long reservedEpoch) {
    reserving = false;
    if (stopped || queue.isEmpty() || reservedEpoch != closures.epoch()) {
      if (probe && reservedEpoch == closures.epoch()) {
        closures.probeBack();
      }
      return;
    }
    grant(new Permit(closures.epoch(), probe));
  }

  /**
   * Under the lock: another remover closed the lane in the shared limit; this one closes for what remains, with the
   * same bound as a closure of its own (a quota's hour, else the retry policy's {@code maxRetryAfter}).
   */
  private void closeShared(long now, Duration remaining, String why) {
    Closure closure = closures.closeShared(now, scheduler.now(), remaining,
        why == null || why.isEmpty() ? "shared" : why, "quota".equals(why) ? QUOTA_BOUND : maxRetryAfter);
    if (closure != null) {
      shut(closure, " by the shared limit");
    }
  }

  /** Under the lock: writes a closure this lane learned of to the shared limit, outside the lock. */
  private void publish(Duration closed, String why) {
    outbox.add(() -> {
      try {
        shared.limit().close(shared.name(), closed, why)
            .onFailure(failure -> LOG.debug("{} lane: the shared limit did not take the closure: {}", name,
                failure.getClass().getSimpleName()));
      } catch (RuntimeException e) {
        LOG.debug("{} lane: the shared limit did not take the closure: {}", name, e.getClass().getSimpleName());
      }
    });
  }

  /** Under the lock: gives {@code permit} to the longest waiting waiter. */
  private void grant(Permit permit) {
    Iterator<Waiter> oldest = queue.iterator();
    Waiter waiter = oldest.next();
    oldest.remove();
    lastGrantNanos = scheduler.nanoTime();
    outbox.add(() -> waiter.granted(permit));
  }

  /**
   * Under the lock: when the waiters stall if no permit is given: the stall timeout after the last permit, or after
   * someone began to wait if later; a closure within its bound is waited out, so it counts from its end.
   */
  private long stallDue() {
    long since = lastGrantNanos - watchedSinceNanos > 0 ? lastGrantNanos : watchedSinceNanos;
    Closure closure = closures.closure();
    if (closure != null && !closure.beyondBound() && closure.untilNanos() - since > 0) {
      since = closure.untilNanos();
    }
    return since + stallNanos;
  }

  /** Under the lock: tells every waiter if no permit has been given for the stall timeout. */
  private void checkStall(long now) {
    if (queue.isEmpty() || now - stallDue() < 0) {
      return;
    }
    LOG.warn("{} lane: no request could be sent for {} s while {} waited", name, stallNanos / 1_000_000_000L,
        queue.size());
    watchedSinceNanos = now; // those who go on waiting are told again after another stall timeout
    for (Waiter waiter : queue) {
      outbox.add(waiter::stalled);
    }
  }

  /** Runs what the outbox holds, outside the lock. */
  private void deliver() {
    outbox.deliver();
  }

}
