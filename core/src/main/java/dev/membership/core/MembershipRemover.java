package dev.membership.core;

import dev.membership.core.internal.DefaultMembershipRemover;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Removes members from groups: Capillary customer groups, Confluence Cloud groups, or both.
 *
 * <pre>{@code
 * MembershipRemover remover = MembershipRemover.confluence(vertx,
 *     ConfluenceConfig.builder().siteUrl("https://acme.atlassian.net")
 *         .credentials(ConfluenceCredentials.basic(email, apiToken)).build(),
 *     RemoverOptions.builder().rateLimit(RateLimit.perSecond(10)).build());
 * remover.remove(new Membership.Confluence(groupId, accountId))
 *     .onSuccess(outcome -> ...);
 * }</pre>
 *
 * <p>Every attempt goes through the remover's per-provider {@link RateLimit}; retryable answers (429, 502, 503,
 * 504, Capillary 521, no response) are retried by the {@link RetryPolicy}, honouring {@code Retry-After}; no
 * attempt starts after the {@linkplain RemoverOptions#deadline() deadline}. Instances are thread-safe.
 */
public interface MembershipRemover {

  /**
   * Removes one membership.
   *
   * @return the provider's answer as an outcome ({@link RemovalOutcome.Removed}, {@link RemovalOutcome.NotAMember}
   *     or {@link RemovalOutcome.Rejected}); fails with a {@link RemovalException} if the removal could not be made
   *     or understood ({@link TransportFailedException}, {@link RetriesExhaustedException},
   *     {@link DeadlineExceededException}, {@link UnexpectedResponseException}), or with
   *     {@link InvalidInputException} at once if this remover does not serve the membership's provider
   */
  Future<RemovalOutcome> remove(Membership membership);

  /**
   * Removes every membership {@code memberships} yields, at most {@link RemoverOptions#maxConcurrency()} at once.
   * The next membership is taken only when one in flight has finished, so memory does not grow with the input.
   *
   * <p>An iterator is the natural shape of the usual inputs (a CSV or JSON-lines reader, a database cursor) and
   * gives back-pressure for free: it is asked for the next element only when there is room. Its
   * {@code hasNext}/{@code next} are called on a Vert.x event loop and must not block for long; a buffered file
   * reader is fine. For a source that blocks, use {@link #removeAll(ReadStream, Consumer)}.
   *
   * @param results receives one {@link RemovalResult} per membership, in completion order, on the event loop;
   *     exceptions it throws are logged and ignored
   */
  BulkRemoval removeAll(Iterator<? extends Membership> memberships, Consumer<? super RemovalResult> results);

  /**
   * As {@link #removeAll(Iterator, Consumer)}, for a Vert.x stream: the stream is paused and
   * {@linkplain ReadStream#fetch(long) fetched} one element per free slot.
   */
  BulkRemoval removeAll(ReadStream<? extends Membership> memberships, Consumer<? super RemovalResult> results);

  /** Closes the connection pools. Removals started afterwards fail. */
  Future<Void> close();

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
   * A remover that sends each membership to its provider. Each provider has its own rate limit; concurrency of a
   * bulk run is shared.
   */
  static MembershipRemover routing(Vertx vertx, CapillaryConfig capillary, ConfluenceConfig confluence,
      RemoverOptions options) {
    Objects.requireNonNull(capillary, "capillary == null");
    Objects.requireNonNull(confluence, "confluence == null");
    return DefaultMembershipRemover.create(vertx, capillary, confluence, options);
  }
}
