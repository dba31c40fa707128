package dev.membership.core;

import dev.membership.core.internal.DefaultMembershipRemover;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Removes members from groups: Capillary customer groups, Confluence Cloud groups, or both.
 *
 * <pre>{@code
 * MembershipRemover remover = MembershipRemover.builder(vertx)
 *     .confluence(ConfluenceConfig.builder().siteUrl("https://acme.atlassian.net")
 *         .credentials(ConfluenceCredentials.basic(email, apiToken)).build())
 *     .options(RemoverOptions.builder().rateLimit(RateLimit.perSecond(10)).build())
 *     .build();
 * remover.remove(new Membership.Confluence(groupId, accountId))
 *     .onSuccess(outcome -> ...);
 * }</pre>
 *
 * <p>At most {@link RemoverOptions#maxConcurrency()} removals to each provider are in flight at once, across
 * every {@code remove} call and bulk run; the others wait their turn in FIFO order, and the wait counts against
 * their {@linkplain RemoverOptions#deadline() deadline}. Every attempt to a provider passes through the provider's
 * lane ({@link LaneState}): a {@code 429} (or a {@code 503} with {@code Retry-After}) closes it until the wait
 * has passed, then one request probes before the others follow; while open, it paces attempts at the least of the
 * configured {@link RateLimit}, what the provider's rate-limit headers say is left until their reset, and an
 * adaptive rate (CUBIC after a slow start). Other retryable answers (the statuses {@link RetryPolicy} lists, and no
 * response) are retried by the {@link RetryPolicy} with backoff; no attempt starts after the deadline. Instances
 * are thread-safe.
 */
public interface MembershipRemover {

  /**
   * Removes one membership: at once if fewer than {@link RemoverOptions#maxConcurrency()} removals to its provider
   * are in flight, else once its turn comes; the time it waits for a slot or for its provider's lane (closed, or
   * pacing) counts against its deadline.
   *
   * @return the provider's answer as an outcome ({@link RemovalOutcome.Removed}, {@link RemovalOutcome.NotAMember}
   *     or {@link RemovalOutcome.Rejected}); fails with a {@link RemovalException} if the removal could not be made
   *     or understood ({@link TransportFailedException}, {@link RetriesExhaustedException},
   *     {@link DeadlineExceededException} (also when its turn did not come before the deadline),
   *     {@link UnexpectedResponseException}, {@link RemoverClosedException}, {@link CredentialsRejectedException},
   *     {@link ProviderPausedException} when the provider asked for a longer wait than the remover waits),
   *     or with
   *     {@link InvalidInputException} at once if this remover does not serve the membership's provider
   */
  Future<RemovalOutcome> remove(Membership membership);

  /**
   * Removes every membership {@code memberships} yields, at most {@link RemoverOptions#maxConcurrency()} at once
   * (each membership also takes one of its provider's slots, shared with every other call of this remover). The
   * next membership is taken only when one in flight has finished, so memory does not grow with the input; while a
   * provider's lane is closed, the run reads on for the other provider, holding at most 1,000 memberships aside.
   *
   * <p>A closed lane pauses a bulk run's memberships to that provider instead of failing them: the time a
   * membership of a bulk run waits for one of its provider's slots, or for its provider's lane to open (or to give
   * it a permit), does not count against its deadline. What bounds such a pause ({@link ProviderPausedException},
   * {@link RemoverOptions#stallTimeout()}) is in {@link RetryPolicy#maxRetryAfter()} and docs/FAILURES.md.
   *
   * <p>An iterator is the natural shape of the usual inputs (a CSV or JSON-lines reader, a database cursor) and
   * gives back-pressure for free: it is asked for the next element only when there is room. Its
   * {@code hasNext}/{@code next} are called on a Vert.x event loop and must not block for long; a buffered file
   * reader is fine. For a source that blocks, use {@link #removeAll(ReadStream, Consumer)}.
   *
   * <p>If the iterator throws, the run takes nothing more and ends with the summary of every membership taken,
   * which carries the failure ({@link BulkSummary#inputFailure()}).
   *
   * @param results receives one {@link RemovalResult} per membership, in completion order, on the event loop;
   *     exceptions it throws are logged and ignored. It must not block; a consumer that writes to a file or a
   *     network uses {@link #removeAllAcknowledged(Iterator, Function)}
   */
  BulkRemoval removeAll(Iterator<? extends Membership> memberships, Consumer<? super RemovalResult> results);

  /**
   * As {@link #removeAll(Iterator, Consumer)}, for a Vert.x stream: the stream is paused and
   * {@linkplain ReadStream#fetch(long) fetched} one element per free slot. Elements it delivers past that demand
   * are kept and taken in order as slots free up, never dropped.
   */
  BulkRemoval removeAll(ReadStream<? extends Membership> memberships, Consumer<? super RemovalResult> results);

  /**
   * As {@link #removeAll(Iterator, Consumer)}, for a results consumer that does asynchronous work (writes a report,
   * sends a message): a membership's slot is freed only when the future {@code results} returned for its result
   * completes, so at most {@link RemoverOptions#maxConcurrency()} memberships are in flight or awaiting
   * acknowledgement, and a slow consumer slows the run instead of piling up results. A failed future is logged and
   * counts as acknowledged; a null one is acknowledged at once.
   */
  BulkRemoval removeAllAcknowledged(Iterator<? extends Membership> memberships,
      Function<? super RemovalResult, ? extends Future<?>> results);

  /** As {@link #removeAllAcknowledged(Iterator, Function)}, for a Vert.x stream (see {@link #removeAll(ReadStream, Consumer)}). */
  BulkRemoval removeAllAcknowledged(ReadStream<? extends Membership> memberships,
      Function<? super RemovalResult, ? extends Future<?>> results);

  /**
   * The state of each provider's lane, one per provider this remover serves: open at what rate, closed until when
   * and why, or probing.
   */
  List<LaneState> lanes();

  /**
   * Closes the remover: every bulk run stops taking memberships, every removal waiting for its turn or in flight
   * fails at once with {@link RemoverClosedException} (a request in flight is reset), and the connection pools
   * close. A removal asked for afterwards fails at once with {@link RemoverClosedException}; a bulk run started
   * afterwards takes nothing.
   *
   * @return a future completed once the connection pools are closed
   */
  Future<Void> close();

  /**
   * A builder of a remover for the providers it is given (one, or both: each membership then goes to its own
   * provider), with {@link RemoverOptions#ofDefaults()} unless options are set. The factories below are shortcuts.
   */
  static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /** Builds a {@link MembershipRemover}; {@link #build()} checks that a provider is configured. */
  final class Builder {
    private final Vertx vertx;
    private CapillaryConfig capillary;
    private ConfluenceConfig confluence;
    private RemoverOptions options = RemoverOptions.ofDefaults();

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx == null");
    }

    /** Removes Capillary memberships with {@code config}. */
    public Builder capillary(CapillaryConfig config) {
      this.capillary = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /** Removes Confluence memberships with {@code config}. */
    public Builder confluence(ConfluenceConfig config) {
      this.confluence = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /** The options; {@link RemoverOptions#ofDefaults()} unless set. */
    public Builder options(RemoverOptions options) {
      this.options = Objects.requireNonNull(options, "options == null");
      return this;
    }

    /**
     * The remover.
     *
     * @throws InvalidInputException naming {@code provider} if neither provider is configured, or a field of the
     *     options a provider needs (a shared limit without a rate)
     */
    public MembershipRemover build() {
      if (capillary == null && confluence == null) {
        throw new InvalidInputException("provider", "is required: configure capillary, confluence or both");
      }
      return DefaultMembershipRemover.create(vertx, capillary, confluence, options);
    }
  }

  /** A remover for Capillary memberships. */
  static MembershipRemover capillary(Vertx vertx, CapillaryConfig config, RemoverOptions options) {
    Objects.requireNonNull(config, "config == null");
    return DefaultMembershipRemover.create(vertx, config, null, options);
  }

  /** A remover for Confluence memberships. */
  static MembershipRemover confluence(Vertx vertx, ConfluenceConfig config, RemoverOptions options) {
    Objects.requireNonNull(config, "config == null");
    return DefaultMembershipRemover.create(vertx, null, config, options);
  }

  /**
   * A remover that sends each membership to its provider. Each provider has its own lane, rate limit and
   * {@link RemoverOptions#maxConcurrency()} slots, so a provider that throttles does not hold back the other.
   */
  static MembershipRemover routing(Vertx vertx, CapillaryConfig capillary, ConfluenceConfig confluence,
      RemoverOptions options) {
    Objects.requireNonNull(capillary, "capillary == null");
    Objects.requireNonNull(confluence, "confluence == null");
    return DefaultMembershipRemover.create(vertx, capillary, confluence, options);
  }
}
