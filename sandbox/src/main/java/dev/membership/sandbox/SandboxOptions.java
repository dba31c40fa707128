package dev.membership.sandbox;

import java.util.Objects;

/**
 * Immutable settings of a {@link Sandbox}: where it listens, how many event-loop instances serve it, its initial
 * state, and its initial faults and rate limit ({@code POST /_sandbox/reset} returns to all of these).
 *
 * <p>The rate limit in force at start and after a reset is, first, the one given to {@link Builder#rateLimit}
 * (even {@link SandboxRateLimit#off()}); else the seed document's {@code rateLimit} section; else none.
 */
public final class SandboxOptions {

  /** The default listening host: loopback only, since the admin API has no authentication. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  private final String host;
  private final int port;
  private final int instances;
  private final SeedSource seed;
  private final FaultSettings faults;
  private final SandboxRateLimit rateLimit;
  private final boolean rateLimitSet;

  private SandboxOptions(Builder builder) {
    this.host = builder.host;
    this.port = builder.port;
    this.instances = builder.instances;
    this.seed = builder.seed;
    this.faults = builder.faults;
    this.rateLimit = builder.rateLimit;
    this.rateLimitSet = builder.rateLimitSet;
  }

  /**
   * Returns the defaults: 127.0.0.1, a random port, one instance per core, the demo seed, no faults, and the
   * seed's rate limit if it has one (the demo seed has none).
   */
  public static SandboxOptions ofDefaults() {
    return custom().build();
  }

  /** Returns a builder starting from {@link #ofDefaults()}. */
  public static Builder custom() {
    return new Builder();
  }

  /** The host (address) the server binds to. */
  public String host() {
    return host;
  }

  /** The port to listen on; 0 picks a free one ({@link Sandbox#port()} tells which). */
  public int port() {
    return port;
  }

  /** How many server instances (event loops) share the port. */
  public int instances() {
    return instances;
  }

  /** Where the initial state comes from. */
  public SeedSource seed() {
    return seed;
  }

  /** The faults in force at start and after a reset. */
  public FaultSettings faults() {
    return faults;
  }

  /**
   * The rate limit given to {@link Builder#rateLimit}, or {@link SandboxRateLimit#off()} if none was; see {@link
   * #rateLimitSet()} for which is in force at start and after a reset.
   */
  public SandboxRateLimit rateLimit() {
    return rateLimit;
  }

  /**
   * Whether {@link Builder#rateLimit} was called: then {@link #rateLimit()} is in force at start and after a reset,
   * whatever the seed says; else the seed's {@code rateLimit} section is, or no limit if it has none.
   */
  public boolean rateLimitSet() {
    return rateLimitSet;
  }

  @Override
  public String toString() {
    return "SandboxOptions[host=" + host + ", port=" + port + ", instances=" + instances + ", seed=" + seed
        + ", faults=" + faults + ", rateLimit=" + (rateLimitSet ? rateLimit : "the seed's") + "]";
  }

  /** Builds {@link SandboxOptions}; each setter throws at once on a bad value. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port;
    private int instances = Math.min(64, Math.max(1, Runtime.getRuntime().availableProcessors()));
    private SeedSource seed = SeedSource.demo();
    private FaultSettings faults = FaultSettings.none();
    private SandboxRateLimit rateLimit = SandboxRateLimit.off();
    private boolean rateLimitSet;

    private Builder() {}

    /**
     * The host to bind to (default 127.0.0.1). Anything but loopback exposes the unauthenticated admin API.
     *
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host == null");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host is blank");
      }
      this.host = host;
      return this;
    }

    /**
     * The port to listen on; 0 (the default) picks a free one.
     *
     * @throws IllegalArgumentException if outside [0, 65535]
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * How many server instances share the port, one per event loop (default: one per core).
     *
     * @throws IllegalArgumentException if outside [1, 64]
     */
    public Builder instances(int instances) {
      if (instances < 1 || instances > 64) {
        throw new IllegalArgumentException("instances must be in [1, 64]: " + instances);
      }
      this.instances = instances;
      return this;
    }

    /**
     * The initial state (default {@link SeedSource#demo()}).
     *
     * @throws NullPointerException if {@code seed} is null
     */
    public Builder seed(SeedSource seed) {
      this.seed = Objects.requireNonNull(seed, "seed == null");
      return this;
    }

    /**
     * The faults in force at start and after a reset (default {@link FaultSettings#none()}).
     *
     * @throws NullPointerException if {@code faults} is null
     */
    public Builder faults(FaultSettings faults) {
      this.faults = Objects.requireNonNull(faults, "faults == null");
      return this;
    }

    /**
     * The rate limit in force at start and after a reset, in place of the seed's {@code rateLimit} section if it
     * has one (default: the seed's, or none). {@link SandboxRateLimit#off()} switches a seed's limit off.
     *
     * @throws NullPointerException if {@code rateLimit} is null
     */
    public Builder rateLimit(SandboxRateLimit rateLimit) {
      this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit == null");
      this.rateLimitSet = true;
      return this;
    }

    /** Returns the options. */
    public SandboxOptions build() {
      return new SandboxOptions(this);
    }
  }
}
