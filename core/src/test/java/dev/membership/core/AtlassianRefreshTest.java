package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Atlassian's rotating refresh tokens, in virtual time against a loopback server playing the authorisation
 * server and the gateway: a refresh answered after the removals stopped waiting for it still hands its refresh
 * token over and is the one the next refresh sends; closing the remover waits for a refresh in flight.
 */
class AtlassianRefreshTest extends LoopbackTest {

  private final AtomicInteger refreshes = new AtomicInteger();
  private final List<String> refreshTokensSent = new CopyOnWriteArrayList<>();
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final List<String> rotated = new CopyOnWriteArrayList<>();
  private volatile boolean hold;

  private void serve() {
    server.respondWith(request -> {
      if (request.path().equals("/oauth/token")) {
        List<dev.membership.client.support.LoopbackServer.Recorded> recorded = server.requests();
        refreshTokensSent.add(new JsonObject(recorded.get(recorded.size() - 1).body()).getString("refresh_token"));
        refreshes.incrementAndGet();
        if (hold) {
          held.add(request);
        } else {
          answer(request);
        }
      } else {
        request.response().setStatusCode(204).end();
      }
    });
  }

  private void answer(HttpServerRequest request) {
    int n = refreshTokensSent.size();
    request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("access_token", "at-" + n).put("refresh_token", "rt-" + (n + 1)).put("expires_in", 3600).encode());
  }

  private MembershipRemover remover() {
    return MembershipRemover.confluence(vertx, ConfluenceConfig.builder()
        .siteUrl(server.baseUrl() + "/ex/confluence/c-1").authServerUrl(server.baseUrl())
        .credentials(ConfluenceCredentials.oauth("app", "app-secret", "rt-1", rotated::add)).build(),
        Fixtures.options(scheduler).retryPolicy(RetryPolicy.none()).build());
  }

  @Test
  void aRefreshAnsweredAfterTheRemovalsGaveUpStillRotatesTheRefreshToken() {
    hold = true;
    serve();
    MembershipRemover remover = remover();

    Future<RemovalOutcome> first = remover.remove(Fixtures.confluenceMember());
    waitUntil(() -> held.size() == 1);
    scheduler.advance(Duration.ofSeconds(5)); // the attempt timeout: the removal stops waiting for a token
    Throwable failure = awaitFailure(first);
    hold = false;
    answer(held.get(0)); // the answer comes after all, with the next refresh token
    waitUntil(() -> rotated.size() == 1);
    RemovalOutcome second = await(remover.remove(Fixtures.confluenceMember()));

    assertThat(failure).isInstanceOf(TransportFailedException.class).hasMessageContaining("no confluence access token");
    assertThat(rotated).containsExactly("rt-2", "rt-3");
    assertThat(refreshTokensSent).containsExactly("rt-1", "rt-2");
    assertThat(second).isInstanceOf(RemovalOutcome.Removed.class);
  }

  @Test
  void closingWaitsForARefreshInFlight() {
    hold = true;
    serve();
    MembershipRemover remover = remover();
    remover.remove(Fixtures.confluenceMember());
    waitUntil(() -> held.size() == 1);

    Future<Void> closed = remover.close();
    boolean closedEarly = closed.isComplete();
    answer(held.get(0));
    await(closed);

    assertThat(closedEarly).isFalse();
    assertThat(rotated).containsExactly("rt-2");
  }
}
