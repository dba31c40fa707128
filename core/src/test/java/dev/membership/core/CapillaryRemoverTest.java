package dev.membership.core;

import static dev.membership.core.Fixtures.OK;
import static dev.membership.core.Fixtures.capillaryBody;
import static dev.membership.core.Fixtures.capillaryMember;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Capillary answer, through the generated client and a real loopback server, as the outcome a user sees. */
class CapillaryRemoverTest extends LoopbackTest {

  private MembershipRemover remover;

  @BeforeEach
  void createRemover() {
    remover = MembershipRemover.capillary(vertx, Fixtures.capillary(server), Fixtures.options(scheduler).build());
  }

  private RemovalOutcome removeAnswering(int status, String body) {
    server.respond(status, "application/json", body);
    return await(remover.remove(capillaryMember()));
  }

  @Test
  void removesMemberAndReports200SuccessAsRemoved() {
    RemovalOutcome outcome = removeAnswering(200, OK);

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(200, java.util.List.of()));
    var request = server.onlyRequest();
    assertThat(request.path()).isEqualTo("/v2/userGroup2/3962910/leave");
    assertThat(request.params().get("source")).isEqualTo("INSTORE");
    assertThat(request.params().get("identifierName")).isEqualTo("mobile");
    assertThat(request.params().get("identifierValue")).isEqualTo("918095467895");
    String md5 = CapillaryCredentials.ofPassword(Fixtures.CAPILLARY_USER, Fixtures.CAPILLARY_PASSWORD).passwordMd5();
    assertThat(request.headers().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
        .encodeToString(("till_user:" + md5).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void reportsUserNotInGroupIn200AsNotAMember() {
    RemovalOutcome outcome = removeAnswering(200, capillaryBody(false, 1620, "User does not belong to group"));

    assertThat(outcome).isInstanceOfSatisfying(RemovalOutcome.NotAMember.class, notAMember -> {
      assertThat(notAMember.status()).isEqualTo(200);
      assertThat(notAMember.messages()).containsExactly(new ProviderMessage(1620, "User does not belong to group"));
    });
  }

  @Test
  void reportsUserNotInGroupIn400AsNotAMember() {
    RemovalOutcome outcome = removeAnswering(400, capillaryBody(false, 1620, "User does not belong to group"));

    assertThat(outcome).isInstanceOfSatisfying(RemovalOutcome.NotAMember.class,
        notAMember -> assertThat(notAMember.status()).isEqualTo(400));
  }

  @Test
  void rejectsInvalidGroup1619AsGroupNotFound() {
    RemovalOutcome outcome = removeAnswering(400, capillaryBody(false, 1619, "Invalid group id"));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.GROUP_NOT_FOUND, 400,
        java.util.List.of(new ProviderMessage(1619, "Invalid group id"))));
  }

  @Test
  void rejectsCustomerNotFound8015AsMemberNotFound() {
    RemovalOutcome outcome = removeAnswering(400, capillaryBody(false, 8015, "Customer not found"));

    assertThat(outcome).isInstanceOfSatisfying(RemovalOutcome.Rejected.class,
        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.MEMBER_NOT_FOUND));
  }

  @Test
  void rejectsMergedCustomer8069InA200AsCustomerMerged() {
    RemovalOutcome outcome = removeAnswering(200, capillaryBody(false, 8069, "Customer is merged"));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Rejected(RejectionReason.CUSTOMER_MERGED, 200,
        java.util.List.of(new ProviderMessage(8069, "Customer is merged"))));
  }

  @Test
  void failsAt401WithTheCredentialsRejectedAndTheProvidersMessageWithoutRetry() {
    server.respond(401, "application/json", capillaryBody(false, 9903, "Invalid credentials"));

    Throwable failure = scheduler.awaitFailure(remover.remove(capillaryMember()));

    assertThat(failure).isInstanceOfSatisfying(CredentialsRejectedException.class, refused -> {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.attempts()).isEqualTo(1);
      assertThat(refused.sent()).isTrue();
      assertThat(refused.messages()).containsExactly(new ProviderMessage(9903, "Invalid credentials"));
    });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void rejects403AsForbidden() {
    RemovalOutcome outcome = removeAnswering(403, capillaryBody(false, 403, "Access denied"));

    assertThat(outcome).isInstanceOfSatisfying(RemovalOutcome.Rejected.class,
        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.FORBIDDEN));
  }

  @Test
  void rejects404WithoutKnownCodeAsGroupOrMemberNotFound() {
    RemovalOutcome outcome = removeAnswering(404, capillaryBody(false, 404, "Not found"));

    assertThat(outcome).isInstanceOfSatisfying(RemovalOutcome.Rejected.class,
        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.GROUP_OR_MEMBER_NOT_FOUND));
  }

  @Test
  void retriesA500LikeA503AndFailsResumablyWhenRetriesRunOut() {
    server.respond(500, "application/json", capillaryBody(false, 500, "Internal error"));

    Throwable failure = awaitFailure(remover.remove(Fixtures.capillaryMember()));

    assertThat(failure).isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.attempts()).isEqualTo(RetryPolicy.ofDefaults().maxAttempts());
    });
    assertThat(server.requests()).hasSize(RetryPolicy.ofDefaults().maxAttempts());
  }

  @Test
  void rejectsBadRequestWithoutKnownCodeAndNeverRetriesIt() {
    RemovalOutcome outcome = removeAnswering(400, capillaryBody(false, 9999, "Invalid source"));

    assertThat(outcome).isInstanceOfSatisfying(RemovalOutcome.Rejected.class,
        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.BAD_REQUEST));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void retriesCapillary521ThenRemoves() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    server.respondWith(request -> {
      if (calls.incrementAndGet() == 1) {
        request.response().setStatusCode(521).end();
      } else {
        request.response().putHeader("Content-Type", "application/json").end(OK);
      }
    });

    RemovalOutcome outcome = await(remover.remove(capillaryMember()));

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void reportsMalformedJsonAsUnexpectedResponse() {
    server.respond(200, "application/json", "{\"success\": tru");

    Throwable failure = awaitFailure(remover.remove(capillaryMember()));

    assertThat(failure).isInstanceOfSatisfying(UnexpectedResponseException.class, e -> {
      assertThat(e.provider()).isEqualTo(Provider.CAPILLARY);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.attempts()).isEqualTo(1);
    });
  }

  @Test
  void doesNotFollowRedirectAndReportsItAsUnexpected() {
    server.respondWith(request -> request.response().setStatusCode(302)
        .putHeader("Location", "http://127.0.0.2:1/elsewhere").end());

    Throwable failure = awaitFailure(remover.remove(capillaryMember()));

    assertThat(failure).isInstanceOfSatisfying(UnexpectedResponseException.class,
        e -> assertThat(e.status()).isEqualTo(302));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void refusesConfluenceMembershipBeforeSendingAnything() {
    Throwable failure = awaitFailure(remover.remove(Fixtures.confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(InvalidInputException.class,
        e -> assertThat(e.field()).isEqualTo("membership"));
    assertThat(server.requests()).isEmpty();
  }
}
