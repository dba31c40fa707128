package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.ACCOUNT_IN_GROUP;
import static dev.membership.sandbox.SandboxHttp.CONFLUENCE_GROUP;
import static dev.membership.sandbox.SandboxHttp.GROUP;
import static dev.membership.sandbox.SandboxHttp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public admin client against a real sandbox: what it sets is what removals meet, what it reads is true. */
class SandboxAdminClientTest extends SandboxTestSupport {

  private SandboxAdminClient admin;

  @BeforeEach
  void client() {
    admin = SandboxAdminClient.create(vertx, sandbox.baseUrl());
  }

  @AfterEach
  void closeClient() {
    admin.close();
  }

  @Test
  void readsMembersAndCountersAndResetPutsTheSeedBack() {
    assertThat(await(admin.confluenceMembers(CONFLUENCE_GROUP))).contains(ACCOUNT_IN_GROUP);
    assertThat(await(admin.capillaryGroups())).contains(GROUP);
    assertThat(await(admin.capillaryMembers(GROUP))).hasSize(3);

    assertThat(http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP).status()).isEqualTo(204);

    assertThat(await(admin.confluenceMembers(CONFLUENCE_GROUP))).doesNotContain(ACCOUNT_IN_GROUP);
    SandboxCounters counters = await(admin.counters());
    assertThat(counters.confluence().requests()).isEqualTo(1);
    assertThat(counters.confluence().answered(204)).isEqualTo(1);
    assertThat(counters.capillary().requests()).isZero();

    await(admin.reset());
    assertThat(await(admin.confluenceMembers(CONFLUENCE_GROUP))).contains(ACCOUNT_IN_GROUP);
    assertThat(await(admin.counters()).totalRequests()).isZero();
  }

  @Test
  void faultsAndTheRateLimitItSetsAreWhatRemovalsMeet() {
    await(admin.faults(FaultSettings.custom().rate503(1.0).build()));
    assertThat(http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP).status()).isEqualTo(503);
    await(admin.faults(FaultSettings.none()));

    await(admin.rateLimit(SandboxRateLimit.of(1, 1)));
    assertThat(http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP).status()).isEqualTo(204);
    assertThat(http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP).status()).isEqualTo(429);
    assertThat(await(admin.counters()).confluence().rateLimited429()).isEqualTo(1);

    await(admin.rateLimit(SandboxRateLimit.off().changingAfter(60, SandboxRateLimit.of(2, 1))));
    assertThat(http.admin(io.vertx.core.http.HttpMethod.GET, "/_sandbox/rate-limit", null).json()
        .getJsonObject("changeTo")).as("no limit now, its scheduled change kept").isNotNull();

    await(admin.rateLimit(SandboxRateLimit.off()));
    assertThat(http.admin(io.vertx.core.http.HttpMethod.GET, "/_sandbox/rate-limit", null).json()
        .containsKey("changeTo")).isFalse();
    await(admin.resetCounters());
    assertThat(http.remove(CONFLUENCE_GROUP, ACCOUNT_IN_GROUP).status()).isNotEqualTo(429);
    assertThat(await(admin.counters()).confluence().requests()).isEqualTo(1);
  }

  @Test
  void anAnswerOtherThan2xxFailsNamingTheCallAndStatus() {
    assertThatThrownBy(() -> await(admin.capillaryMembers(404_404L)))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .rootCause().hasMessageContaining("GET /_sandbox/capillary/groups/404404/members")
        .hasMessageContaining("404");
  }
}
