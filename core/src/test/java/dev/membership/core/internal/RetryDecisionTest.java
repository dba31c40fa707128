package dev.membership.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.DeadlineExceededException;
import dev.membership.core.Provider;
import dev.membership.core.ProviderPausedException;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RetriesExhaustedException;
import dev.membership.core.RetryPolicy;
import dev.membership.core.TransportFailedException;
import dev.membership.core.UnexpectedResponseException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What an attempt's result means for its removal, decided by calling the decision directly: no server, no clock. */
class RetryDecisionTest {

  private static final long SECOND = 1_000_000_000L;
  private static final RetryPolicy POLICY = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1),
      Duration.ofSeconds(60));
  private static final Duration BACKOFF = Duration.ofMillis(80);

  /** A removal of {@code remove()} with 10 s left at time 0. */
  private static RetryDecision.Facts facts() {
    return facts(false, false);
  }

  private static RetryDecision.Facts facts(boolean paused, boolean renewed) {
    return new RetryDecision.Facts(Provider.CONFLUENCE, POLICY, Duration.ofSeconds(10), 10 * SECOND, paused, 0,
        renewed);
  }

  private static Lane.Closure closure(long seconds, long boundSeconds) {
    return new Lane.Closure(seconds * SECOND, Instant.EPOCH.plusSeconds(seconds), "HTTP 429",
        Duration.ofSeconds(seconds), Duration.ofSeconds(boundSeconds));
  }

  private static RetryDecision decide(Attempt result, int attempt, RetryDecision.Facts facts, Lane.Closure closure) {
    return decide(result, null, attempt, facts, closure);
  }

  /** As the remover decides it, for an answer whose head read {@code answer}. */
  private static RetryDecision decide(Attempt result, Answer answer, int attempt, RetryDecision.Facts facts,
      Lane.Closure closure) {
    return RetryDecision.of(result, answer, attempt, facts, closure,
        RetryDecision.backsOff(result, answer) ? BACKOFF : Duration.ZERO, 0);
  }

  /** The head of an answer with {@code status} and, unless null, {@code Retry-After}. */
  private static Answer head(int status, String retryAfter) {
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    if (retryAfter != null) {
      headers.add("Retry-After", retryAfter);
    }
    return Answer.of(status, headers, Instant.EPOCH);
  }

  @Test
  void anAnswerEndsTheRemovalWithItsOutcome() {
    RemovalOutcome removed = new RemovalOutcome.Removed(204, List.of());

    assertThat(decide(new Attempt.Answered(removed), 1, facts(), null)).isEqualTo(new RetryDecision.Done(removed));
  }

  @Test
  void noAnswerBeforeTheDeadlineFailsWithTheDeadline() {
    assertThat(decide(null, 2, facts(), null)).isInstanceOfSatisfying(RetryDecision.Fail.class, fail ->
        assertThat(fail.failure()).isInstanceOf(DeadlineExceededException.class)
            .hasMessageContaining("attempt 2 was still waiting for an answer"));
  }

  @Test
  void aRefusedTokenIsRenewedOnceThenTheRefusalCounts() {
    Attempt refused = new Attempt.Unauthorized(401, List.of(), true, false);

    assertThat(decide(refused, 1, facts(false, false), null)).isEqualTo(new RetryDecision.Renew(401));
    assertThat(decide(refused, 2, facts(false, true), null))
        .isInstanceOfSatisfying(RetryDecision.RefuseCredentials.class, refusal -> {
          assertThat(refusal.byTokenEndpoint()).isFalse();
          assertThat(refusal.failure().sent()).isTrue();
          assertThat(refusal.failure().attempts()).isEqualTo(2);
        });
  }

  @Test
  void aTokenEndpointsRefusalCountsTheAttemptsMadeBefore() {
    Attempt refused = new Attempt.Unauthorized(400, List.of(), false, true);

    assertThat(decide(refused, 3, facts(), null)).isInstanceOfSatisfying(RetryDecision.RefuseCredentials.class,
        refusal -> {
          assertThat(refusal.byTokenEndpoint()).isTrue();
          assertThat(refusal.failure()).isInstanceOf(CredentialsRejectedException.class);
          assertThat(refusal.failure().attempts()).isEqualTo(2);
        });
  }

  @Test
  void anUndocumentedAnswerAndAFailedCertificateAreNotRetried() {
    Attempt tls = new Attempt.NoResponse(new SSLHandshakeException("PKIX path building failed") {
      {
        initCause(new CertificateException("untrusted"));
      }
    });

    assertThat(decide(new Attempt.Unexpected(418, "teapot", null), 1, facts(), null))
        .isInstanceOfSatisfying(RetryDecision.Fail.class,
            fail -> assertThat(fail.failure()).isInstanceOf(UnexpectedResponseException.class));
    assertThat(decide(tls, 1, facts(), null)).isInstanceOfSatisfying(RetryDecision.Fail.class,
        fail -> assertThat(fail.failure()).isInstanceOf(TransportFailedException.class)
            .hasMessageContaining("TLS failed, not retried"));
  }

  @Test
  void aRetryableAnswerOrNoAnswerBacksOff() {
    assertThat(decide(new Attempt.Retryable(503), head(503, null), 1, facts(), null))
        .isEqualTo(new RetryDecision.Retry(503, BACKOFF, false));
    assertThat(decide(new Attempt.NoResponse(new ConnectException()), 2, facts(), null))
        .isEqualTo(new RetryDecision.Retry(0, BACKOFF, false));
  }

  @Test
  void aBackoffThatEndsAfterTheDeadlineFailsNow() {
    RetryDecision.Facts almostOut = new RetryDecision.Facts(Provider.CONFLUENCE, POLICY, Duration.ofSeconds(10),
        BACKOFF.toNanos(), false, 0, false);

    assertThat(decide(new Attempt.Retryable(502), head(502, null), 1, almostOut, null))
        .isInstanceOfSatisfying(RetryDecision.Fail.class, fail -> assertThat(fail.failure())
            .isInstanceOf(DeadlineExceededException.class).hasMessageContaining("after the deadline"));
  }

  @Test
  void theLastAttemptExhaustsTheRetriesWhateverTheLaneSays() {
    assertThat(decide(new Attempt.Retryable(429), head(429, "1"), 3, facts(), closure(1, 60)))
        .isInstanceOfSatisfying(RetryDecision.Fail.class,
            fail -> assertThat(fail.failure()).isInstanceOf(RetriesExhaustedException.class));
    assertThat(decide(new Attempt.NoResponse(new ConnectException()), 3, facts(), null))
        .isInstanceOfSatisfying(RetryDecision.Fail.class,
            fail -> assertThat(fail.failure()).isInstanceOf(TransportFailedException.class));
  }

  @Test
  void aRefusalWaitsAtTheLaneForWhatIsLeftOfItsClosure() {
    assertThat(decide(new Attempt.Retryable(429), head(429, "5"), 1, facts(), closure(5, 60)))
        .isEqualTo(new RetryDecision.Retry(429, Duration.ofSeconds(5), true));
    assertThat(decide(new Attempt.Retryable(503), head(503, "5"), 1, facts(), null)).as("the closure passed already")
        .isEqualTo(new RetryDecision.Retry(503, Duration.ZERO, true));
  }

  @Test
  void aRefusalWhoseClosureOutlastsTheDeadlineOrItsBoundEndsTheRemovalUnsent() {
    assertThat(decide(new Attempt.Retryable(429), head(429, "30"), 1, facts(), closure(30, 60)))
        .isInstanceOfSatisfying(RetryDecision.Fail.class,
            fail -> assertThat(fail.failure()).isInstanceOf(DeadlineExceededException.class));
    assertThat(decide(new Attempt.Retryable(429), head(429, "999999"), 1, facts(true, false), closure(999_999, 60)))
        .isInstanceOfSatisfying(RetryDecision.Fail.class, fail ->
            assertThat(fail.failure()).isInstanceOfSatisfying(ProviderPausedException.class, paused -> {
              assertThat(paused.status()).isEqualTo(429);
              assertThat(paused.attempts()).isEqualTo(1);
              assertThat(paused.waited()).isEqualTo(Duration.ofSeconds(999_999));
            }));
    assertThat(decide(new Attempt.Retryable(429), head(429, "30"), 1, facts(true, false), closure(30, 60)))
        .as("a bulk run's removal waits out a closure within its bound, past its deadline")
        .isEqualTo(new RetryDecision.Retry(429, Duration.ofSeconds(30), true));
  }
}
