package dev.membership.core.internal;

import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.DeadlineExceededException;
import dev.membership.core.Provider;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RetriesExhaustedException;
import dev.membership.core.RetryPolicy;
import dev.membership.core.TransportFailedException;
import dev.membership.core.UnexpectedResponseException;
import java.time.Duration;

/**
 * What one attempt's result means for its removal: an outcome, a failure, a refusal of the credentials, a resend
 * with a renewed token, or a retry (after a backoff, or at the provider's lane once it opens). Decided from the
 * result and the facts alone, with no lock, timer or callback: {@code RemovalExecutor} carries it out.
 */
sealed interface RetryDecision {

  /** The removal ends with the provider's answer. */
  record Done(RemovalOutcome outcome) implements RetryDecision {}

  /** The removal ends with {@code failure}. */
  record Fail(RemovalException failure) implements RetryDecision {}

  /** The provider (or its token endpoint) refused the credentials: the removal fails, and the provider is stopped. */
  record RefuseCredentials(int status, boolean byTokenEndpoint, CredentialsRejectedException failure)
      implements RetryDecision {}

  /** The access token was refused: the next attempt goes at once, with a renewed token. */
  record Renew(int status) implements RetryDecision {}

  /**
   * The next attempt goes after {@code delay}: after a backoff, or, {@code atLane}, as soon as the provider's lane
   * opens again ({@code delay} is what is left of its closure).
   */
  record Retry(int status, Duration delay, boolean atLane) implements RetryDecision {}

  /**
   * What a decision needs to know of the removal.
   *
   * @param deadlineNanos the removal's deadline on the scheduler's clock
   * @param paused whether it belongs to a bulk run (see {@link LaneWait})
   * @param renewed whether a refused token was renewed for it already (once per removal)
   */
  record Facts(Provider provider, RetryPolicy policy, Duration deadline, long deadlineNanos, boolean paused,
      int lastStatus, boolean renewed) {}

  /**
   * Whether {@code result}, whose head read {@code answer} (null if none came), would be retried after a backoff
   * (the driver draws one only then).
   */
  static boolean backsOff(Attempt result, Answer answer) {
    return result instanceof Attempt.Retryable ? answer == null || !answer.closesLane()
        : result instanceof Attempt.NoResponse noResponse && noResponse.tlsFailure() == null;
  }

  /**
   * Decides what attempt {@code attempt}'s {@code result} (null: the deadline passed while it was in flight) means.
   *
   * @param answer the head of the answer, read once, or null if none came
   * @param closure the provider's lane's closure now, or null if it is open (read for a retryable answer only)
   * @param backoff the backoff before the next attempt, if {@link #backsOff} the result
   * @param now the scheduler's clock
   */
  static RetryDecision of(Attempt result, Answer answer, int attempt, Facts facts, Lane.Closure closure,
      Duration backoff, long now) {
    Provider provider = facts.provider();
    if (result == null) {
      return new Fail(new DeadlineExceededException(provider, facts.lastStatus(), attempt, facts.deadline(),
          "attempt " + attempt + " was still waiting for an answer"));
    }
    if (result instanceof Attempt.Answered answered) {
      return new Done(answered.outcome());
    }
    if (result instanceof Attempt.Unauthorized unauthorized) {
      int status = unauthorized.status();
      if (unauthorized.renewable() && !facts.renewed()) {
        return new Renew(status); // once per removal: a refusal that a renewed token meets too counts
      }
      return new RefuseCredentials(status, unauthorized.byTokenEndpoint(), unauthorized.byTokenEndpoint()
          ? CredentialsRejectedException.byTokenEndpoint(provider, status, attempt - 1, unauthorized.messages())
          : new CredentialsRejectedException(provider, status, attempt, true, unauthorized.messages()));
    }
    if (result instanceof Attempt.Unexpected unexpected) {
      return new Fail(new UnexpectedResponseException(provider, unexpected.status(), attempt, unexpected.body(),
          unexpected.cause()));
    }
    if (result instanceof Attempt.NoResponse noResponse && noResponse.tlsFailure() != null) {
      Throwable tls = noResponse.tlsFailure();
      return new Fail(new TransportFailedException(provider, attempt, "TLS failed, not retried: "
          + (tls.getMessage() != null ? tls.getMessage() : tls.getClass().getSimpleName()), noResponse.cause()));
    }
    int status = result instanceof Attempt.Retryable retryable ? retryable.status() : 0;
    if (attempt >= facts.policy().maxAttempts()) {
      return new Fail(result instanceof Attempt.NoResponse noResponse
          ? new TransportFailedException(provider, attempt, noResponse.cause())
          : new RetriesExhaustedException(provider, status, attempt));
    }
    if (!backsOff(result, answer)) {
      // The lane closed (or was closed): the retry waits there, with every other request to the provider. Decided
      // here (the lane decides again for the waiters it holds) so that no retry is reported that will not be made.
      RemovalException unsendable = LaneWait.unsendable(closure, facts.paused(), facts.deadlineNanos(), provider,
          status, attempt + 1, facts.deadline());
      if (unsendable != null) {
        return new Fail(unsendable);
      }
      return new Retry(status, closure == null ? Duration.ZERO : Duration.ofNanos(Math.max(0,
          closure.untilNanos() - now)), true);
    }
    if (backoff.toNanos() >= facts.deadlineNanos() - now) {
      return new Fail(new DeadlineExceededException(provider, status, attempt, facts.deadline(), status == 0
          ? "transport failure, next retry only after the deadline"
          : "HTTP " + status + ", next retry in " + backoff.toMillis() + " ms, after the deadline"));
    }
    return new Retry(status, backoff, false);
  }
}
