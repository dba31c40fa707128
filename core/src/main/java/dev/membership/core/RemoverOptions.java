package dev.membership.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts, retries, rate limiting and concurrency of a {@link MembershipRemover}. Immutable; build with
 * {@link #builder()} or take {@link #ofDefaults()}.
 */
public final class RemoverOptions {

  private final Duration connectTimeout;
  private final Duration attemptTimeout;
  private final Duration deadline;
  private final Duration stallTimeout;
  private final RetryPolicy retryPolicy;
  private final RateLimit capillaryRateLimit;
  private final RateLimit confluenceRateLimit;
  private final int maxConcurrency;
  private final Scheduler scheduler;
  private final RemovalListener listener;
  private final RemovalTracer tracer;
  private final long jitterSeed;
  private final SharedLimit sharedLimit;
  private final int expectedReplicas;
  private final Duration sharedLimitTimeout;

  private RemoverOptions(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.attemptTimeout = b.attemptTimeout;
    this.deadline = b.deadline;
    this.stallTimeout = b.stallTimeout;
    this.retryPolicy = b.retryPolicy;
    this.capillaryRateLimit = b.capillaryRateLimit;
    this.confluenceRateLimit = b.confluenceRateLimit;
    this.maxConcurrency = b.maxConcurrency;
    this.scheduler = b.scheduler;
    this.listener = b.listener;
    this.tracer = b.tracer;
    this.jitterSeed = b.jitterSeed;
    this.sharedLimit = b.sharedLimit;
    this.expectedReplicas = b.expectedReplicas;
    this.sharedLimitTimeout = b.sharedLimitTimeout;
  }

  /**
   * Connect 5 s, attempt 10 s, deadline 60 s, stall timeout 15 min, {@link RetryPolicy#ofDefaults()}, no rate limit,
   * concurrency 16.
   */
  public static RemoverOptions ofDefaults() {
    return builder().build();
  }

  /** A builder starting from the defaults of {@link #ofDefaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options: change only what differs. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.attemptTimeout = attemptTimeout;
    b.deadline = deadline;
    b.stallTimeout = stallTimeout;
    b.retryPolicy = retryPolicy;
    b.capillaryRateLimit = capillaryRateLimit;
    b.confluenceRateLimit = confluenceRateLimit;
    b.maxConcurrency = maxConcurrency;
    b.scheduler = scheduler;
    b.listener = listener;
    b.tracer = tracer;
    b.jitterSeed = jitterSeed;
    b.sharedLimit = sharedLimit;
    b.expectedReplicas = expectedReplicas;
    b.sharedLimitTimeout = sharedLimitTimeout;
    return b;
  }

  /** The settings; the shared limit, scheduler, listener and tracer by their type only. */
  @Override
  public String toString() {
    return "RemoverOptions[connectTimeout=" + connectTimeout + ", attemptTimeout=" + attemptTimeout
        + ", deadline=" + deadline + ", stallTimeout=" + stallTimeout + ", retryPolicy=" + retryPolicy
        + ", rateLimit[capillary]=" + capillaryRateLimit
        + ", rateLimit[confluence]=" + confluenceRateLimit + ", maxConcurrency=" + maxConcurrency
        + (scheduler == null ? "" : ", scheduler=" + scheduler.getClass().getSimpleName())
        + (listener == RemovalListener.none() ? "" : ", listener=" + listener.getClass().getName())
        + (tracer == RemovalTracer.none() ? "" : ", tracer=" + tracer.getClass().getName())
        + (sharedLimit == null ? "" : ", sharedLimit=" + sharedLimit.getClass().getSimpleName() + ", expectedReplicas="
            + expectedReplicas + ", sharedLimitTimeout=" + sharedLimitTimeout) + "]";
  }

  /** Time allowed to open a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Time allowed for one attempt, from the moment its request is handed to a connection to the last byte of the
   * response; an attempt past it counts as a transport failure (retried like one). Waiting for a slot
   * ({@link #maxConcurrency()}) or for a rate-limit permit does not count against it, only against the
   * {@linkplain #deadline() deadline}. An attempt given up on (at this timeout or at the deadline) is reset, which
   * closes its connection, so the retry goes out at once over another one.
   */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Time allowed for one removal, all attempts and waits included, the wait for a slot too; a wait the provider's
   * lane imposes that would end after it ends the removal at once, unsent. A bulk run's removals do not count the
   * time they wait for a slot or for the lane against it: their waits are bounded by the retry policy's
   * {@link RetryPolicy#maxRetryAfter() maxRetryAfter}, an hour for a spent quota, and {@link #stallTimeout()}.
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * How long a bulk run waits with nothing sent to a provider while removals of it wait, not counting a closure of
   * the provider's lane that is within its bound (those are waited out): then the run stops that provider, and
   * its waiting and remaining removals fail with {@link ProviderPausedException} ({@link
   * ProviderPausedException#stalled()}), not sent; removals whose request is on a connection finish.
   */
  public Duration stallTimeout() {
    return stallTimeout;
  }

  /** The retry policy. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The rate limit for calls to {@code provider}: the ceiling of its lane's rate, which starts there. Unlimited
   * (the default): the lane's adaptive rate starts low and finds the provider's limit (see {@link LaneState}).
   */
  public RateLimit rateLimit(Provider provider) {
    return provider == Provider.CAPILLARY ? capillaryRateLimit : confluenceRateLimit;
  }

  /**
   * Most removals to one provider in flight at once, across every {@code remove} call and bulk run of the remover;
   * the others wait in FIFO order. Each provider's connection pool has as many connections, so a removal in
   * flight does not queue for a connection behind other removals.
   */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** The scheduler, or {@code null} for the Vert.x one. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** The listener. */
  public RemovalListener listener() {
    return listener;
  }

  /** The tracer. */
  public RemovalTracer tracer() {
    return tracer;
  }

  /** Seed of the backoff jitter. */
  public long jitterSeed() {
    return jitterSeed;
  }

  /** The limit this remover's lanes share with other removers, or {@code null} (the default) for none. */
  public SharedLimit sharedLimit() {
    return sharedLimit;
  }

  /**
   * How many removers are expected to share {@link #sharedLimit()}: while it cannot be reached, each lane sends at
   * most its configured rate divided by this.
   */
  public int expectedReplicas() {
    return expectedReplicas;
  }

  /**
   * How long a call to the {@link #sharedLimit()} may take before it counts as late; 50 ms by default. A call
   * unanswered after twice this, or two calls in a row each later than this, start the fallback (see
   * {@link SharedLimit}).
   */
  public Duration sharedLimitTimeout() {
    return sharedLimitTimeout;
  }

  /** Builds {@link RemoverOptions}; each setter checks its value at once. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration attemptTimeout = Duration.ofSeconds(10);
    private Duration deadline = Duration.ofSeconds(60);
    private Duration stallTimeout = Duration.ofMinutes(15);
    private RetryPolicy retryPolicy = RetryPolicy.ofDefaults();
    private RateLimit capillaryRateLimit = RateLimit.unlimited();
    private RateLimit confluenceRateLimit = RateLimit.unlimited();
    private int maxConcurrency = 16;
    private Scheduler scheduler;
    private RemovalListener listener = RemovalListener.none();
    private RemovalTracer tracer = RemovalTracer.none();
    private long jitterSeed = System.nanoTime();
    private SharedLimit sharedLimit;
    private int expectedReplicas = 1;
    private Duration sharedLimitTimeout = Duration.ofMillis(50);

    private Builder() {}

    /** Time allowed to open a connection; positive. */
    public Builder connectTimeout(Duration connectTimeout) {
      RetryPolicy.positive("connectTimeout", connectTimeout);
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Time allowed for one attempt; positive. */
    public Builder attemptTimeout(Duration attemptTimeout) {
      RetryPolicy.positive("attemptTimeout", attemptTimeout);
      this.attemptTimeout = attemptTimeout;
      return this;
    }

    /** Time allowed for one removal, all attempts and waits included; positive. */
    public Builder deadline(Duration deadline) {
      RetryPolicy.positive("deadline", deadline);
      this.deadline = deadline;
      return this;
    }

    /** How long a bulk run waits with nothing sent to a provider before it stops that provider; positive. */
    public Builder stallTimeout(Duration stallTimeout) {
      RetryPolicy.positive("stallTimeout", stallTimeout);
      this.stallTimeout = stallTimeout;
      return this;
    }

    /** The retry policy. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
      return this;
    }

    /** The same rate limit for each provider (each provider has its own lane). */
    public Builder rateLimit(RateLimit rateLimit) {
      Objects.requireNonNull(rateLimit, "rateLimit == null");
      this.capillaryRateLimit = rateLimit;
      this.confluenceRateLimit = rateLimit;
      return this;
    }

    /** The rate limit for one provider. */
    public Builder rateLimit(Provider provider, RateLimit rateLimit) {
      Objects.requireNonNull(provider, "provider == null");
      Objects.requireNonNull(rateLimit, "rateLimit == null");
      if (provider == Provider.CAPILLARY) {
        this.capillaryRateLimit = rateLimit;
      } else {
        this.confluenceRateLimit = rateLimit;
      }
      return this;
    }

    /** Most removals to one provider in flight at once, 1 to 10,000 (see {@link RemoverOptions#maxConcurrency()}). */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1 || maxConcurrency > 10_000) {
        throw new InvalidInputException("maxConcurrency", "must be between 1 and 10000");
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /** The scheduler for waits and deadlines; by default Vert.x timers and the system clock. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** The listener for attempts, retries and results. */
    public Builder listener(RemovalListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** The tracer that opens a span for each removal and each attempt; none by default. */
    public Builder tracer(RemovalTracer tracer) {
      this.tracer = Objects.requireNonNull(tracer, "tracer == null");
      return this;
    }

    /** Seed of the backoff jitter, for repeatable runs. */
    public Builder jitterSeed(long jitterSeed) {
      this.jitterSeed = jitterSeed;
      return this;
    }

    /**
     * Shares each provider's lane with the other removers that use {@code sharedLimit} with the same credentials
     * (see {@link SharedLimit}); {@code expectedReplicas} (1 to 10,000) is how many there are, for the fallback
     * while it cannot be reached. Each provider then needs a {@linkplain #rateLimit(RateLimit) rate limit}: the
     * provider's limit, which the replicas share.
     */
    public Builder sharedLimit(SharedLimit sharedLimit, int expectedReplicas) {
      Objects.requireNonNull(sharedLimit, "sharedLimit == null");
      if (expectedReplicas < 1 || expectedReplicas > 10_000) {
        throw new InvalidInputException("expectedReplicas", "must be between 1 and 10000");
      }
      this.sharedLimit = sharedLimit;
      this.expectedReplicas = expectedReplicas;
      return this;
    }

    /** How long a call to the shared limit may take before it counts as late; positive, 50 ms by default. */
    public Builder sharedLimitTimeout(Duration sharedLimitTimeout) {
      RetryPolicy.positive("sharedLimitTimeout", sharedLimitTimeout);
      this.sharedLimitTimeout = sharedLimitTimeout;
      return this;
    }

    /** Builds the options. */
    public RemoverOptions build() {
      return new RemoverOptions(this);
    }
  }
}
