package dev.membership.core;

import static dev.membership.core.Fixtures.confluenceMember;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Confluence answers, retries and deadlines, through the generated client against a real loopback server. */
class ConfluenceRemoverTest extends LoopbackTest {

  private MembershipRemover remover(RemoverOptions options) {
    return MembershipRemover.confluence(vertx, Fixtures.confluence(server), options);
  }

  private MembershipRemover remover() {
    return remover(Fixtures.options(scheduler).build());
  }

  /** Answers the first {@code failures} requests with {@code status} (and Retry-After if given), then 204. */
  private void failFirst(int failures, int status, String retryAfter) {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      if (calls.incrementAndGet() <= failures) {
        var response = request.response().setStatusCode(status);
        if (retryAfter != null) {
          response.putHeader("Retry-After", retryAfter);
        }
        response.end();
      } else {
        request.response().setStatusCode(204).end();
      }
    });
  }

  @Test
  void removesMemberAndReports204AsRemoved() {
    server.respond(204, null, null);

    RemovalOutcome outcome = await(remover().remove(confluenceMember()));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
    var request = server.onlyRequest();
    assertThat(request.path()).isEqualTo("/wiki/rest/api/group/userByGroupId");
    assertThat(request.params().get("groupId")).isEqualTo("d4b1f2c0-group");
    assertThat(request.params().get("accountId")).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
  }

  @Test
  void rejects400AsBadRequestAndNeverRetriesIt() {
    server.respond(400, "text/plain", "");

    RemovalOutcome outcome = await(remover().remove(confluenceMember()));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.BAD_REQUEST, 400, List.of()));
    assertThat(server.requests()).hasSize(1);
    assertThat(scheduler.sleeps()).isEmpty();
  }

  @Test
  void failsAt401WithTheCredentialsRejected() {
    server.respond(401, "text/plain", "");

    assertThat(scheduler.awaitFailure(remover().remove(confluenceMember())))
        .isInstanceOfSatisfying(CredentialsRejectedException.class, refused -> {
          assertThat(refused.status()).isEqualTo(401);
          assertThat(refused.sent()).isTrue();
          assertThat(refused).hasMessage("confluence: the provider refused the credentials (last HTTP status 401) "
              + "after 1 attempt");
        });
  }

  @Test
  void rejects403AsForbidden() {
    server.respond(403, "text/plain", "");

    assertThat(await(remover().remove(confluenceMember())))
        .isEqualTo(new RemovalOutcome.Rejected(RejectionReason.FORBIDDEN, 403, List.of()));
  }

  @Test
  void rejects404AsGroupOrMemberNotFound() {
    server.respond(404, "text/plain", "");

    assertThat(await(remover().remove(confluenceMember())))
        .isEqualTo(new RemovalOutcome.Rejected(RejectionReason.GROUP_OR_MEMBER_NOT_FOUND, 404, List.of()));
  }

  @Test
  void retriesA500ThenRemoves() {
    failFirst(2, 500, null);

    RemovalOutcome outcome = await(remover().remove(confluenceMember()));

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(server.requests()).hasSize(3);
    assertThat(scheduler.sleeps()).hasSize(2);
  }

  @Test
  void waitsAtLeastOneSecondForARetryAfterOfZeroAPastDateOrGarbage() {
    for (String retryAfter : List.of("0", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", "-5")) {
      VirtualScheduler clock = new VirtualScheduler();
      failFirst(1, 429, retryAfter);

      RemovalOutcome outcome = clock.await(remover(Fixtures.options(clock).build()).remove(confluenceMember()));

      assertThat(outcome).as(retryAfter).isInstanceOf(RemovalOutcome.Removed.class);
      assertThat(clock.sleeps()).as(retryAfter).containsExactly(Duration.ofSeconds(1));
    }
  }

  @Test
  void retriesAfter429HonouringRetryAfterSeconds() {
    failFirst(1, 429, "2");

    RemovalOutcome outcome = await(remover().remove(confluenceMember()));

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(server.requests()).hasSize(2);
    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(2));
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void retriesAfter503HonouringRetryAfterHttpDate() {
    String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
        .format(scheduler.now().plusSeconds(5).atOffset(ZoneOffset.UTC));
    failFirst(1, 503, inFiveSeconds);

    RemovalOutcome outcome = await(remover().remove(confluenceMember()));

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(scheduler.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void retriesWithCappedExponentialBackoffWhenNoRetryAfter() {
    failFirst(4, 502, null);
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(60));

    // A configured rate well above the retries' pace: every wait is a backoff, none a permit's.
    RemovalOutcome outcome = await(remover(Fixtures.options(scheduler).retryPolicy(policy)
        .rateLimit(RateLimit.perSecond(1000)).build()).remove(confluenceMember()));

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    List<Duration> sleeps = scheduler.sleeps();
    assertThat(sleeps).hasSize(4);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(sleeps.get(2)).isBetween(Duration.ZERO, Duration.ofMillis(300));
    assertThat(sleeps.get(3)).isBetween(Duration.ZERO, Duration.ofMillis(300));
    assertThat(sleeps).doesNotHaveDuplicates();
  }

  @Test
  void endsUnsentWhenRetryAfterIsLongerThanThePolicyWaitsAndSendsNothingBeforeIt() {
    failFirst(1, 429, String.valueOf(365L * 24 * 3600));
    List<Duration> retries = new ArrayList<>();
    RemovalListener listener = new RemovalListener() {
      @Override
      public void onRetry(Membership m, int attempt, int status, Duration delay) {
        retries.add(delay);
      }
    };
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30));
    MembershipRemover remover = remover(Fixtures.options(scheduler).retryPolicy(policy).listener(listener)
        .deadline(Duration.ofDays(400)).build());

    Throwable failure = awaitFailure(remover.remove(confluenceMember()));
    Throwable next = awaitFailure(remover.remove(confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(ProviderPausedException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.waited()).isEqualTo(Duration.ofDays(365));
      assertThat(e.bound()).isEqualTo(Duration.ofSeconds(30));
      assertThat(e.until()).isEqualTo(scheduler.now().plus(Duration.ofDays(365)));
      assertThat(e.stalled()).isFalse();
    });
    assertThat(next).as("asked for while the provider's wait lasts").isInstanceOfSatisfying(
        ProviderPausedException.class, e -> assertThat(e.attempts()).isZero());
    assertThat(server.requests()).as("nothing sent before the provider's wait is over").hasSize(1);
    assertThat(retries).isEmpty();
    assertThat(scheduler.sleeps()).isEmpty();
    assertThat(remover.lanes().get(0).until()).isEqualTo(scheduler.now().plus(Duration.ofDays(365)));
  }

  @Test
  void failsWithDeadlineExceededWhenRetryAfterIsBeyondTheDeadline() {
    failFirst(1, 429, "120");

    Throwable failure = awaitFailure(remover().remove(confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.attempts()).isEqualTo(1);
    });
    assertThat(server.requests()).hasSize(1);
    assertThat(scheduler.sleeps()).isEmpty();
  }

  @Test
  void stopsRetryingAtTheDeadline() {
    failFirst(Integer.MAX_VALUE, 503, "3");
    RetryPolicy policy = new RetryPolicy(50, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));

    Throwable failure = awaitFailure(remover(Fixtures.options(scheduler).retryPolicy(policy)
        .deadline(Duration.ofSeconds(10)).build()).remove(confluenceMember()));

    // Attempts at 0, 3, 6 and 9 s; the next would start at 12 s, after the 10 s deadline.
    assertThat(failure).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
      assertThat(e.attempts()).isEqualTo(4);
      assertThat(e.status()).isEqualTo(503);
    });
    assertThat(server.requests()).hasSize(4);
    assertThat(scheduler.elapsed()).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void reportsRetriesExhaustedWithLastStatus() {
    failFirst(Integer.MAX_VALUE, 504, "1");
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));

    Throwable failure = awaitFailure(remover(Fixtures.options(scheduler).retryPolicy(policy).build())
        .remove(confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
      assertThat(e.status()).isEqualTo(504);
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.provider()).isEqualTo(Provider.CONFLUENCE);
    });
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void retriesConnectionResetThenReportsTransportFailure() {
    server.respondWith(request -> request.connection().close());
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));

    Throwable failure = awaitFailure(remover(Fixtures.options(scheduler).retryPolicy(policy).build())
        .remove(confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(TransportFailedException.class, e -> {
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.status()).isZero();
      assertThat(e.getCause()).as("the HTTP client's report, not the generated client's wrapper").isNotNull()
          .isNotInstanceOf(dev.membership.client.support.TransportFailureException.class);
    });
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void retriesConnectionResetThenRemoves() {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      if (calls.incrementAndGet() == 1) {
        request.connection().close();
      } else {
        request.response().setStatusCode(204).end();
      }
    });

    assertThat(await(remover().remove(confluenceMember()))).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void boundsAnAttemptThatNeverAnswersByTheDeadline() {
    server.respondWith(request -> { /* never answers */ });

    Throwable failure = awaitFailure(remover(RemoverOptions.builder().deadline(Duration.ofMillis(300))
        .attemptTimeout(Duration.ofSeconds(5)).build()).remove(confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(DeadlineExceededException.class,
        e -> assertThat(e.attempts()).isEqualTo(1));
  }

  @Test
  void sendsOAuthBearerTokenAlone() {
    server.respond(204, null, null);
    ConfluenceConfig config = ConfluenceConfig.builder().siteUrl(server.baseUrl() + "/ex/confluence/cloud-1")
        .credentials(ConfluenceCredentials.oauth(Fixtures.OAUTH_TOKEN)).build();

    await(MembershipRemover.confluence(vertx, config, Fixtures.options(scheduler).build()).remove(confluenceMember()));

    assertThat(server.onlyRequest().headers().getAll("Authorization"))
        .containsExactly("Bearer " + Fixtures.OAUTH_TOKEN);
    assertThat(server.onlyRequest().path()).isEqualTo("/ex/confluence/cloud-1/wiki/rest/api/group/userByGroupId");
  }

  @Test
  void routesEachMembershipToItsProvider() {
    server.respondWith(request -> {
      if (request.path().startsWith("/v2/")) {
        request.response().putHeader("Content-Type", "application/json").end(Fixtures.OK);
      } else {
        request.response().setStatusCode(204).end();
      }
    });
    MembershipRemover routing = MembershipRemover.routing(vertx, Fixtures.capillary(server),
        Fixtures.confluence(server), Fixtures.options(scheduler).build());

    RemovalOutcome capillary = await(routing.remove(Fixtures.capillaryMember()));
    RemovalOutcome confluence = await(routing.remove(confluenceMember()));

    assertThat(capillary).isEqualTo(new RemovalOutcome.Removed(200, List.of()));
    assertThat(confluence).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
    assertThat(server.requests()).extracting(r -> r.path())
        .containsExactly("/v2/userGroup2/3962910/leave", "/wiki/rest/api/group/userByGroupId");
  }
}
