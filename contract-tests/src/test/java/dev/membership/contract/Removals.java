package dev.membership.contract;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.consumer.MockServer;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import dev.membership.core.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Drives {@code core}'s removers against a Pact mock server, with the fake credentials and no retries. */
final class Removals {

  private Removals() {}

  static RemoverOptions.Builder noRetries() {
    return RemoverOptions.builder().retryPolicy(RetryPolicy.none());
  }

  static MembershipRemover capillary(Vertx vertx, MockServer mockServer, RemoverOptions options) {
    return MembershipRemover.capillary(vertx, CapillaryConfig.builder()
        .baseUrl(mockServer.getUrl())
        .credentials(Contract.FAKE_CAPILLARY)
        .build(), options);
  }

  static MembershipRemover confluence(Vertx vertx, MockServer mockServer, RemoverOptions options) {
    return MembershipRemover.confluence(vertx, ConfluenceConfig.builder()
        .siteUrl(mockServer.getUrl())
        .credentials(ConfluenceCredentials.basic(Contract.FAKE_CONFLUENCE_EMAIL, Contract.FAKE_CONFLUENCE_TOKEN))
        .build(), options);
  }

  /** Removes {@code membership} with {@code remover}, closes it, and returns the outcome. */
  static RemovalOutcome remove(MembershipRemover remover, Membership membership) throws Throwable {
    return await(remover, r -> r.remove(membership));
  }

  /** The failure of removing {@code membership}, or an error if it succeeded. */
  static Throwable failureOf(MembershipRemover remover, Membership membership) throws Throwable {
    try {
      RemovalOutcome outcome = remove(remover, membership);
      throw new AssertionError("expected the removal to fail, but it ended with " + outcome);
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable failure) {
      return failure;
    }
  }

  /**
   * Asserts that {@code failure} is the token endpoint's refusal of the credentials with {@code status} and
   * {@code message}, and that the removal was not sent.
   */
  static void assertRefusedByTokenEndpoint(Throwable failure, int status, ProviderMessage message) {
    assertThat(failure).isInstanceOfSatisfying(CredentialsRejectedException.class, refused -> {
      assertThat(refused.byTokenEndpoint()).isTrue();
      assertThat(refused.sent()).isFalse();
      assertThat(refused.status()).isEqualTo(status);
      assertThat(refused.messages()).containsExactly(message);
    });
  }

  private static <T> T await(MembershipRemover remover, Function<MembershipRemover, Future<T>> call)
      throws Throwable {
    try {
      return call.apply(remover).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    } finally {
      remover.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
