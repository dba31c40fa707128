package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.client.support.LoopbackServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Answers no provider should give: each must end as a clear, typed result within the deadline, never a hang, a
 * crash or a followed redirect.
 */
class HostileResponseTest extends LoopbackTest {

  private static final Duration DEADLINE = Duration.ofSeconds(2);

  /** Short deadline and attempt timeout, two attempts; tests change what they need. */
  private RemoverOptions.Builder options() {
    return RemoverOptions.builder().deadline(DEADLINE).attemptTimeout(Duration.ofMillis(500))
        .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1)));
  }

  private MembershipRemover capillary(String baseUrl) {
    return capillary(baseUrl, options().build());
  }

  private MembershipRemover capillary(String baseUrl, RemoverOptions options) {
    return MembershipRemover.capillary(vertx, CapillaryConfig.builder().baseUrl(baseUrl)
        .credentials(CapillaryCredentials.ofPassword(Fixtures.CAPILLARY_USER, Fixtures.CAPILLARY_PASSWORD)).build(),
        options);
  }

  private MembershipRemover confluence(String baseUrl) {
    return confluence(baseUrl, options().build());
  }

  private MembershipRemover confluence(String baseUrl, RemoverOptions options) {
    return MembershipRemover.confluence(vertx, ConfluenceConfig.builder().siteUrl(baseUrl)
        .credentials(ConfluenceCredentials.basic(Fixtures.CONFLUENCE_EMAIL, Fixtures.CONFLUENCE_TOKEN)).build(),
        options);
  }

  /** Runs {@code removal} and returns its failure, checking it came within the deadline and a margin. */
  private Throwable failsWithinDeadline(io.vertx.core.Future<RemovalOutcome> removal, long startNanos) {
    Throwable failure = awaitFailure(removal);
    assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(DEADLINE.plusMillis(500));
    return failure;
  }

  @Test
  void reportsMalformedJsonAsUnexpectedResponse() {
    server.respond(200, "application/json", "{\"warnings\":[],\"success\":");

    Throwable failure = failsWithinDeadline(capillary(server.baseUrl()).remove(Fixtures.capillaryMember()),
        System.nanoTime());

    assertThat(failure).isInstanceOfSatisfying(UnexpectedResponseException.class,
        e -> assertThat(e.status()).isEqualTo(200));
  }

  @Test
  void reportsHtmlWithWrongContentTypeAsUnexpectedResponse() {
    server.respond(200, "text/html", "<html><body>Service temporarily moved</body></html>");

    Throwable failure = failsWithinDeadline(capillary(server.baseUrl()).remove(Fixtures.capillaryMember()),
        System.nanoTime());

    assertThat(failure).isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("capillary");
  }

  @Test
  void reportsTenMegabyteGarbageBodyAsUnexpectedResponseAndTrimsIt() {
    String body = "x".repeat(10 * 1024 * 1024);
    server.respond(418, "text/plain", body);

    Throwable failure = failsWithinDeadline(capillary(server.baseUrl()).remove(Fixtures.capillaryMember()),
        System.nanoTime());

    assertThat(failure).isInstanceOfSatisfying(UnexpectedResponseException.class, e -> {
      assertThat(e.status()).isEqualTo(418);
      assertThat(e.body()).hasSizeLessThan(600);
    });
  }

  @Test
  void ignoresTenMegabyteBodyOfADocumentedConfluenceRefusal() {
    server.respond(404, "text/plain", "y".repeat(10 * 1024 * 1024));

    RemovalOutcome outcome = await(confluence(server.baseUrl()).remove(Fixtures.confluenceMember()));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.GROUP_OR_MEMBER_NOT_FOUND, 404,
        List.of()));
  }

  /** Answers 200 and then writes a never-ending body, a piece every 20 ms. */
  private void respondWithANeverEndingBody() {
    server.respondWith(request -> {
      var response = request.response().setChunked(true).setStatusCode(200)
          .putHeader("Content-Type", "application/json");
      response.write("{\"warnings\":[");
      long timer = vertx.setPeriodic(20, id -> response.write("{\"code\":1,\"message\":\"more\"},"));
      request.connection().closeHandler(closed -> vertx.cancelTimer(timer));
    });
  }

  @Test
  void boundsEachAttemptAtAResponseThatNeverEndsByTheAttemptTimeout() {
    respondWithANeverEndingBody();
    long start = System.nanoTime();

    Throwable failure = failsWithinDeadline(capillary(server.baseUrl()).remove(Fixtures.capillaryMember()), start);

    // Data keeps coming: the attempt timeout bounds the whole exchange, not only a silence.
    assertThat(failure).isInstanceOfSatisfying(TransportFailedException.class, e -> {
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e).hasMessageContaining("attempt timeout of 500 ms");
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void boundsAResponseThatNeverEndsByTheDeadlineWhenItComesFirst() {
    respondWithANeverEndingBody();
    MembershipRemover remover = capillary(server.baseUrl(), options().attemptTimeout(Duration.ofSeconds(30)).build());
    long start = System.nanoTime();

    Throwable failure = failsWithinDeadline(remover.remove(Fixtures.capillaryMember()), start);

    assertThat(failure).isInstanceOfSatisfying(DeadlineExceededException.class,
        e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE);
  }

  @Test
  void reportsAServerThatAcceptsAndNeverAnswersAsTransportFailure() {
    NetServer silent = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
        .connectHandler(socket -> socket.handler(ignored -> { /* reads the request, never answers */ }));
    await(silent.listen());
    try {
      long start = System.nanoTime();

      Throwable failure = failsWithinDeadline(
          confluence("http://127.0.0.1:" + silent.actualPort()).remove(Fixtures.confluenceMember()), start);

      assertThat(failure).isInstanceOfSatisfying(TransportFailedException.class,
          e -> assertThat(e.attempts()).isEqualTo(2));
    } finally {
      await(silent.close());
    }
  }

  @Test
  void anAttemptAbandonedAtASilentServerFreesItsConnectionForTheRetry() {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      if (calls.incrementAndGet() > 1) {
        request.response().setStatusCode(204).end();
      }
      // the first request is read and never answered
    });
    // One connection only: the retry can go out only once the abandoned attempt's connection is given up.
    MembershipRemover remover = confluence(server.baseUrl(),
        options().deadline(Duration.ofSeconds(5)).attemptTimeout(Duration.ofMillis(300)).maxConcurrency(1).build());

    RemovalOutcome outcome = await(remover.remove(Fixtures.confluenceMember()));

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aLateAnswerToATimedOutAttemptIsNotTakenForTheRetrys() {
    java.util.List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicLong lateAnswerEndedAt = new AtomicLong();
    io.vertx.core.Promise<Void> lateAnswerEnded = io.vertx.core.Promise.promise();
    server.respondWith(request -> {
      arrivals.add(System.nanoTime());
      if (arrivals.size() == 1) {
        // A refusal that trickles in and ends 1 s after the request arrived: after the client's attempt timeout
        // of 800 ms, however long the client took to send it, and some 200 ms after the retry went out.
        var response = request.response().setChunked(true).setStatusCode(404);
        response.write("not");
        long trickle = vertx.setPeriodic(50, id -> response.write("."));
        vertx.setTimer(1_000, id -> {
          vertx.cancelTimer(trickle);
          lateAnswerEndedAt.set(System.nanoTime());
          response.end();
          lateAnswerEnded.complete();
        });
      } else {
        // The retry is answered only once the late refusal has ended, so that both are outstanding at once.
        lateAnswerEnded.future().onComplete(ended ->
            vertx.setTimer(10, id -> request.response().setStatusCode(204).end()));
      }
    });
    MembershipRemover remover = confluence(server.baseUrl(), options().deadline(Duration.ofSeconds(5))
        .attemptTimeout(Duration.ofMillis(800))
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1))).build());

    RemovalOutcome outcome = await(remover.remove(Fixtures.confluenceMember()));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
    assertThat(arrivals).hasSize(2);
    // The retry went out (over a new connection) before the late answer ended, without waiting for it.
    assertThat(arrivals.get(1)).isLessThan(lateAnswerEndedAt.get());
  }

  @Test
  void theConnectionOfAnAttemptGivenUpOnIsClosedWhenItIsGivenUp() throws InterruptedException {
    AtomicLong closedAt = new AtomicLong();
    server.respondWith(request -> {
      // Answers with a body that never ends: no idle timeout could ever see this connection as silent.
      var response = request.response().setChunked(true).setStatusCode(200)
          .putHeader("Content-Type", "application/json");
      response.write("{\"warnings\":[");
      long timer = vertx.setPeriodic(20, id -> response.write("{\"code\":1,\"message\":\"more\"},"));
      request.connection().closeHandler(closed -> {
        vertx.cancelTimer(timer);
        closedAt.compareAndSet(0, System.nanoTime());
      });
    });
    MembershipRemover remover = capillary(server.baseUrl(), options().deadline(Duration.ofSeconds(10))
        .attemptTimeout(Duration.ofMillis(300)).retryPolicy(new RetryPolicy(1, Duration.ofMillis(10),
            Duration.ofMillis(20), Duration.ofSeconds(1))).build());
    long start = System.nanoTime();

    Throwable failure = awaitFailure(remover.remove(Fixtures.capillaryMember()));
    long failedAt = System.nanoTime();

    assertThat(failure).isInstanceOf(TransportFailedException.class);
    long giveUp = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (closedAt.get() == 0 && System.nanoTime() < giveUp) {
      Thread.sleep(10);
    }
    assertThat(closedAt.get()).as("the server saw the connection closed").isNotZero();
    // The request was reset when the attempt was given up on: not before, and not later.
    assertThat(Duration.ofNanos(closedAt.get() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(closedAt.get() - failedAt)).isLessThan(Duration.ofMillis(500));
  }

  /**
   * A raw server on loopback: for each connection, reads the request and then does {@code answer} with the
   * socket; stops after {@code connections}.
   */
  private static java.net.ServerSocket rawServer(int connections,
      java.util.function.Consumer<java.net.Socket> answer) throws java.io.IOException {
    java.net.ServerSocket listening = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread thread = new Thread(() -> {
      for (int i = 0; i < connections; i++) {
        try (java.net.Socket socket = listening.accept()) {
          socket.getInputStream().read(new byte[8192]);
          answer.accept(socket);
        } catch (java.io.IOException e) {
          return;
        }
      }
    }, "raw-test-server");
    thread.setDaemon(true);
    thread.start();
    return listening;
  }

  private static String logSince(long offset) throws java.io.IOException {
    byte[] all = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("target", "core-test.log"));
    return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void logsAConnectionResetAtDebugNamingTheProviderInsteadOfVertxLoggingItAtError() throws Exception {
    long logStart = java.nio.file.Files.size(java.nio.file.Path.of("target", "core-test.log"));
    try (java.net.ServerSocket resetting = rawServer(2, socket -> {
      try {
        socket.setSoLinger(true, 0); // close with a reset
      } catch (java.io.IOException ignored) {
        // closed anyway
      }
    })) {
      Throwable failure = awaitFailure(confluence("http://127.0.0.1:" + resetting.getLocalPort())
          .remove(Fixtures.confluenceMember()));

      assertThat(failure).isInstanceOf(TransportFailedException.class);
    }
    String log = logSince(logStart);
    assertThat(log).contains("confluence connection failed").doesNotContain("ERROR");
  }

  @Test
  void redactsTheTokenANettyParseErrorQuotesFromAStatusLine() throws Exception {
    long logStart = java.nio.file.Files.size(java.nio.file.Path.of("target", "core-test.log"));
    try (java.net.ServerSocket echoing = rawServer(2, socket -> {
      try {
        socket.getOutputStream().write((Fixtures.CONFLUENCE_TOKEN.toUpperCase(java.util.Locale.ROOT)
            + " 204 No Content\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        Thread.sleep(200);
      } catch (java.io.IOException | InterruptedException ignored) {
        // the client hung up
      }
    })) {
      Throwable failure = awaitFailure(confluence("http://127.0.0.1:" + echoing.getLocalPort())
          .remove(Fixtures.confluenceMember()));

      StringBuilder chain = new StringBuilder();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        chain.append(t).append('\n');
      }
      assertThat(chain.toString().toLowerCase(java.util.Locale.ROOT))
          .doesNotContain(Fixtures.CONFLUENCE_TOKEN.toLowerCase(java.util.Locale.ROOT));
    }
    String log = logSince(logStart).toLowerCase(java.util.Locale.ROOT);
    assertThat(log).doesNotContain(Fixtures.CONFLUENCE_TOKEN.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("error");
  }

  @Test
  void doesNotFollowARedirectToAnotherHostWithCredentials() {
    LoopbackServer elsewhere = LoopbackServer.start(vertx).respond(204, null, null);
    try {
      server.respondWith(request -> request.response().setStatusCode(307)
          .putHeader("Location", elsewhere.baseUrl() + "/wiki/rest/api/group/userByGroupId?" + request.query())
          .end());

      Throwable failure = failsWithinDeadline(confluence(server.baseUrl()).remove(Fixtures.confluenceMember()),
          System.nanoTime());

      assertThat(failure).isInstanceOfSatisfying(UnexpectedResponseException.class,
          e -> assertThat(e.status()).isEqualTo(307));
      assertThat(elsewhere.requests()).isEmpty();
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void endsAtOnceUnsentWhenARetryAfterOfOneYearOutlastsTheDeadline() {
    AtomicInteger calls = new AtomicInteger();
    server.respondWith(request -> {
      calls.incrementAndGet();
      request.response().setStatusCode(429).putHeader("Retry-After", String.valueOf(365L * 24 * 3600)).end();
    });
    long start = System.nanoTime();

    Throwable failure = awaitFailure(confluence(server.baseUrl()).remove(Fixtures.confluenceMember()));

    // Nothing goes to the provider before the year is over, and the deadline comes first: the removal ends now.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    assertThat(failure).isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.getMessage()).contains("closed (HTTP 429) for 31536000 s");
    });
    assertThat(calls.get()).isEqualTo(1);
  }
}
