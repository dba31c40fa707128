package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When a Capillary access token is asked for and renewed, in virtual time against a loopback server that plays
 * both the token endpoint and the removal: exactly a tenth of the lifetime ahead, one fetch whatever the
 * concurrency, never an expired token sent, a failed renewal tried again at most once a second, and a refused
 * token renewed once before the refusal counts.
 */
class TokenRenewalTest extends LoopbackTest {

  private static final String CLIENT_SECRET = "Sentinel-Client-Secret-31";

  /** Token requests seen, in order. */
  private final AtomicInteger tokenRequests = new AtomicInteger();
  /** The token each removal request carried, in order. */
  private final List<String> sentWith = new CopyOnWriteArrayList<>();
  /** Removal requests: answered with this status (200 success unless set). */
  private volatile int removalStatus = 200;
  /** Token requests: answered with this status (200 unless set), or held while {@link #hold} is set. */
  private volatile int tokenStatus = 200;
  private volatile boolean hold;
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private volatile long ttlSeconds = 100;

  private void serve() {
    server.respondWith(request -> {
      if (request.path().equals("/v3/oauth/token/generate")) {
        int n = tokenRequests.incrementAndGet();
        if (hold) {
          held.add(request);
          return;
        }
        answerToken(request, n);
      } else {
        sentWith.add(request.getHeader("X-CAP-API-OAUTH-TOKEN"));
        request.response().setStatusCode(removalStatus).putHeader("Content-Type", "application/json")
            .end(removalStatus == 200 ? Fixtures.OK : Fixtures.capillaryBody(false, 9903, "Invalid credentials"));
      }
    });
  }

  private void answerToken(HttpServerRequest request, int n) {
    request.response().setStatusCode(tokenStatus).putHeader("Content-Type", "application/json")
        .end(tokenStatus == 200 ? new JsonObject().put("data", new JsonObject().put("accessToken", "tok-" + n)
            .put("ttlSeconds", ttlSeconds)).putNull("errors").encode() : "{\"data\":null,\"errors\":[]}");
  }

  private MembershipRemover remover(RemoverOptions.Builder options) {
    return MembershipRemover.capillary(vertx, CapillaryConfig.builder().baseUrl(server.baseUrl())
        .credentials(CapillaryCredentials.oauth("client-key", CLIENT_SECRET)).build(), options.build());
  }

  private MembershipRemover remover() {
    return remover(Fixtures.options(scheduler).retryPolicy(RetryPolicy.none()));
  }

  @Test
  void renewsATenthOfTheLifetimeBeforeExpiryWhileRequestsGoOnWithTheValidToken() {
    serve();
    MembershipRemover remover = remover();

    await(remover.remove(Fixtures.capillaryMember()));
    scheduler.advance(Duration.ofSeconds(89));
    await(remover.remove(Fixtures.capillaryMember()));
    assertThat(tokenRequests).as("not renewed before 90 s").hasValue(1);
    scheduler.advance(Duration.ofSeconds(1));
    await(remover.remove(Fixtures.capillaryMember()));
    waitUntil(() -> tokenRequests.get() == 2);
    await(remover.remove(Fixtures.capillaryMember()));

    // The removal that found the token due for renewal still went out with it: it had 10 s left.
    assertThat(sentWith).containsExactly("tok-1", "tok-1", "tok-1", "tok-2");
  }

  @Test
  void oneFetchServesEveryRemovalWaitingForTheFirstToken() {
    hold = true;
    serve();
    MembershipRemover remover = remover(Fixtures.options(scheduler).maxConcurrency(16));
    List<Future<RemovalOutcome>> removals = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      removals.add(remover.remove(Fixtures.capillaryMember()));
    }
    waitUntil(() -> held.size() == 1);

    hold = false;
    answerToken(held.get(0), 1);
    removals.forEach(this::await);

    assertThat(tokenRequests).hasValue(1);
    assertThat(sentWith).hasSize(16).containsOnly("tok-1");
  }

  @Test
  void anExpiredTokenIsNeverSentAndARemovalWaitsForTheNewOne() {
    serve();
    MembershipRemover remover = remover();
    await(remover.remove(Fixtures.capillaryMember()));

    scheduler.advance(Duration.ofSeconds(100));
    await(remover.remove(Fixtures.capillaryMember()));

    assertThat(sentWith).containsExactly("tok-1", "tok-2");
  }

  @Test
  void aFailedRenewalKeepsTheValidTokenAndIsTriedAgainAtMostOnceASecond() {
    serve();
    MembershipRemover remover = remover();
    await(remover.remove(Fixtures.capillaryMember()));
    tokenStatus = 503;
    scheduler.advance(Duration.ofSeconds(90));

    await(remover.remove(Fixtures.capillaryMember())); // starts a renewal, which fails
    waitUntil(() -> tokenRequests.get() == 2);
    for (int i = 0; i < 5; i++) {
      await(remover.remove(Fixtures.capillaryMember()));
    }
    int withinTheSecond = tokenRequests.get();
    scheduler.advance(Duration.ofSeconds(1));
    tokenStatus = 200;
    await(remover.remove(Fixtures.capillaryMember()));
    waitUntil(() -> tokenRequests.get() == 3);
    await(remover.remove(Fixtures.capillaryMember()));

    assertThat(withinTheSecond).isEqualTo(2);
    assertThat(sentWith).hasSize(9).startsWith("tok-1", "tok-1", "tok-1").endsWith("tok-3");
  }

  @Test
  void aTokenEndpointThatDoesNotAnswerFailsTheAttemptAtTheAttemptTimeout() {
    hold = true;
    serve();
    MembershipRemover remover = remover();

    Future<RemovalOutcome> removal = remover.remove(Fixtures.capillaryMember());
    waitUntil(() -> held.size() == 1);
    scheduler.advance(Duration.ofSeconds(5));
    Throwable failure = awaitFailure(removal);

    assertThat(failure).isInstanceOf(TransportFailedException.class)
        .hasMessageContaining("no capillary access token");
    assertThat(sentWith).isEmpty();
  }

  @Test
  void aRefusedTokenIsRenewedOnceAndASecondRefusalCounts() {
    removalStatus = 401;
    serve();
    MembershipRemover remover = remover();

    Throwable failure = awaitFailure(remover.remove(Fixtures.capillaryMember()));
    Throwable later = awaitFailure(remover.remove(Fixtures.capillaryMember()));

    assertThat(sentWith).containsExactly("tok-1", "tok-2");
    assertThat(tokenRequests).hasValue(2);
    assertThat(failure).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
      assertThat(e.sent()).isTrue();
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.byTokenEndpoint()).isFalse();
    });
    assertThat(later).isInstanceOfSatisfying(CredentialsRejectedException.class,
        e -> assertThat(e.sent()).isFalse());
    assertThat(remover.lanes()).singleElement().satisfies(lane -> assertThat(lane.reason()).isEqualTo("unauthorized"));
  }

  @Test
  void aRefusalByTheTokenEndpointStopsTheProviderAndNamesTheEndpoint() {
    tokenStatus = 401;
    serve();
    MembershipRemover remover = remover();

    Throwable failure = awaitFailure(remover.remove(Fixtures.capillaryMember()));
    Throwable later = awaitFailure(remover.remove(Fixtures.capillaryMember()));

    assertThat(failure).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
      assertThat(e.byTokenEndpoint()).isTrue();
      assertThat(e.status()).isEqualTo(401);
      assertThat(e).hasMessage("capillary: not sent: the token endpoint refused the credentials "
          + "(last HTTP status 401) after 0 attempts");
    });
    assertThat(later).isInstanceOf(CredentialsRejectedException.class);
    assertThat(tokenRequests).hasValue(1);
    assertThat(sentWith).isEmpty();
  }

  @Test
  void aTokenThatComesAfterItsRemovalEndedSendsNothingAndLogsNoError() throws Exception {
    hold = true;
    serve();
    // The deadline (2 s) ends the removal while the token is still awaited (up to the attempt timeout, 5 s).
    MembershipRemover remover = remover(Fixtures.options(scheduler).retryPolicy(RetryPolicy.none())
        .deadline(Duration.ofSeconds(2)));

    Future<RemovalOutcome> removal = remover.remove(Fixtures.capillaryMember());
    waitUntil(() -> held.size() == 1);
    scheduler.advance(Duration.ofSeconds(2));
    Throwable failure = awaitFailure(removal);
    hold = false;
    answerToken(held.get(0), 1); // the token comes: its request gets a connection, and is reset at once
    waitUntil(() -> server.requests().size() == 1 && tokenRequests.get() == 1);
    Thread.sleep(300);

    assertThat(failure).isInstanceOf(DeadlineExceededException.class);
    assertThat(sentWith).isEmpty();
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target", "core-test.log")))
        .doesNotContain("Stream reset");
  }
}
