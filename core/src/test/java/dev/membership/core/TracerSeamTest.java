package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the remover tells its {@link RemovalTracer}: one removal span and one attempt span per attempt, each ended
 * exactly once with what it came to; and a tracer that throws changes nothing of the removals.
 */
class TracerSeamTest extends LoopbackTest {

  /** Every call the remover made on the tracer, in order. */
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private final RemovalTracer recording = () -> provider -> new RemovalTracer.RemovalSpan() {
    {
      calls.add("removal " + provider);
    }

    @Override
    public RemovalTracer.AttemptSpan attempt(int attempt, RemovalTracer.HttpRequestTarget request) {
      calls.add("attempt " + attempt + " " + request.method() + " " + request.serverAddress() + ":"
          + request.serverPort() + request.urlTemplate());
      return new RemovalTracer.AttemptSpan() {
        @Override
        public void answered(int status) {
          calls.add("answered " + attempt + " " + status);
        }

        @Override
        public void failed(String errorType) {
          calls.add("failed " + attempt + " " + errorType);
        }
      };
    }

    @Override
    public void succeeded(RemovalOutcome outcome, int attempts) {
      calls.add("succeeded " + outcome.getClass().getSimpleName() + " after " + attempts);
    }

    @Override
    public void failed(RemovalException failure, int attempts) {
      calls.add("failed " + failure.getClass().getSimpleName() + " after " + attempts);
    }
  };

  @Test
  void aRetriedRemovalHasOneSpanAndOneEndedSpanPerAttempt() {
    AtomicInteger answered = new AtomicInteger();
    server.respondWith(request -> request.response().setStatusCode(answered.getAndIncrement() == 0 ? 503 : 204)
        .end());
    MembershipRemover remover = MembershipRemover.builder(vertx).confluence(Fixtures.confluence(server))
        .options(Fixtures.options(scheduler).tracer(recording).build()).build();

    await(remover.remove(Fixtures.confluenceMember()));
    await(remover.close());

    String target = "DELETE 127.0.0.1:" + java.net.URI.create(server.baseUrl()).getPort() + "/wiki/rest/api/group/userByGroupId";
    assertThat(calls).containsExactly("removal CONFLUENCE", "attempt 1 " + target, "answered 1 503",
        "attempt 2 " + target, "answered 2 204", "succeeded Removed after 2");
  }

  @Test
  void anAttemptWithoutAnAccessTokenIsATokenFailure() {
    TokenSource unreachable = () -> Future.failedFuture(new java.net.ConnectException("token store down"));
    MembershipRemover remover = MembershipRemover.builder(vertx).confluence(ConfluenceConfig.builder()
            .siteUrl(server.baseUrl() + "/ex/confluence/cloud-1").credentials(ConfluenceCredentials.oauth(unreachable))
            .build())
        .options(Fixtures.options(scheduler).retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
            .tracer(recording).build())
        .build();

    Throwable failure = awaitFailure(remover.remove(Fixtures.confluenceMember()));
    await(remover.close());

    assertThat(failure).isInstanceOf(TransportFailedException.class);
    assertThat(server.requests()).isEmpty();
    assertThat(calls).containsExactly("removal CONFLUENCE", "attempt 1 DELETE 127.0.0.1:" + java.net.URI.create(server.baseUrl()).getPort()
        + "/ex/confluence/cloud-1/wiki/rest/api/group/userByGroupId", "failed 1 token",
        "failed TransportFailedException after 1");
  }

  @Test
  void aTracerThatThrowsEverywhereLeavesTheRemovalsAsTheyWere() {
    server.respondWith(request -> request.response().setStatusCode(204).end());
    RemovalTracer throwing = () -> {
      throw new IllegalStateException("tracer broken");
    };
    RemovalTracer throwingLater = () -> provider -> {
      throw new IllegalStateException("tracer broken");
    };
    RemovalTracer throwingAtTheEnds = () -> provider -> new RemovalTracer.RemovalSpan() {
      @Override
      public RemovalTracer.AttemptSpan attempt(int attempt, RemovalTracer.HttpRequestTarget request) {
        return new RemovalTracer.AttemptSpan() {
          @Override
          public void answered(int status) {
            throw new IllegalStateException("tracer broken");
          }

          @Override
          public void failed(String errorType) {
            throw new IllegalStateException("tracer broken");
          }
        };
      }

      @Override
      public void succeeded(RemovalOutcome outcome, int attempts) {
        throw new IllegalStateException("tracer broken");
      }

      @Override
      public void failed(RemovalException failure, int attempts) {
        throw new IllegalStateException("tracer broken");
      }
    };
    for (RemovalTracer tracer : List.of(throwing, throwingLater, throwingAtTheEnds)) {
      MembershipRemover remover = MembershipRemover.builder(vertx).confluence(Fixtures.confluence(server))
          .options(Fixtures.options(scheduler).tracer(tracer).maxConcurrency(1).build()).build();
      assertThat(await(remover.remove(Fixtures.confluenceMember()))).isInstanceOf(RemovalOutcome.Removed.class);
      BulkSummary summary = await(remover.removeAll(List.of(Fixtures.confluenceMember(),
          Fixtures.confluenceMember()).iterator(), result -> { }).completion());
      assertThat(summary.removed()).as("the slot of each removal was freed").isEqualTo(2);
      await(remover.close());
    }
  }
}
