package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The builders a user configures a remover with: defaults kept, one setting changed, nothing secret shown. */
class BuildersTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aRemoverIsBuiltForTheProvidersItIsGivenAndNeedsOne() {
    CapillaryConfig capillary = CapillaryConfig.builder().cluster("eu")
        .credentials(CapillaryCredentials.ofPassword("u", Fixtures.CAPILLARY_PASSWORD)).build();
    ConfluenceConfig confluence = ConfluenceConfig.builder().siteUrl("https://acme.atlassian.net")
        .credentials(ConfluenceCredentials.basic("a@example.com", Fixtures.CONFLUENCE_TOKEN)).build();

    MembershipRemover both = MembershipRemover.builder(vertx).capillary(capillary).confluence(confluence).build();
    MembershipRemover one = MembershipRemover.builder(vertx).confluence(confluence)
        .options(RemoverOptions.builder().maxConcurrency(4).build()).build();
    InvalidInputException none = catchThrowableOfType(InvalidInputException.class,
        () -> MembershipRemover.builder(vertx).build());

    assertThat(both.lanes()).extracting(LaneState::provider).containsExactly(Provider.CAPILLARY, Provider.CONFLUENCE);
    assertThat(one.lanes()).extracting(LaneState::provider).containsExactly(Provider.CONFLUENCE);
    assertThat(none.field()).isEqualTo("provider");
    both.close().await();
    one.close().await();
  }

  @Test
  void toBuilderChangesOneSettingAndKeepsTheOthers() {
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).build();
    RemoverOptions options = RemoverOptions.builder().maxConcurrency(8).deadline(Duration.ofSeconds(30))
        .retryPolicy(policy).build();
    CapillaryConfig config = CapillaryConfig.builder().baseUrl("http://proxy.internal:3128").allowInsecureHttp(true)
        .credentials(CapillaryCredentials.ofPassword("u", "p")).build();

    RemoverOptions changed = options.toBuilder().retryPolicy(policy.toBuilder().maxBackoff(Duration.ofSeconds(3))
        .build()).build();
    CapillaryConfig otherUser = config.toBuilder().credentials(CapillaryCredentials.ofPassword("v", "q")).build();

    assertThat(policy).isEqualTo(new RetryPolicy(2, RetryPolicy.ofDefaults().initialBackoff(),
        RetryPolicy.ofDefaults().maxBackoff(), RetryPolicy.ofDefaults().maxRetryAfter()));
    assertThat(changed.maxConcurrency()).isEqualTo(8);
    assertThat(changed.deadline()).isEqualTo(Duration.ofSeconds(30));
    assertThat(changed.retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(changed.retryPolicy().maxBackoff()).isEqualTo(Duration.ofSeconds(3));
    assertThat(otherUser.baseUrl()).isEqualTo("http://proxy.internal:3128");
    assertThat(otherUser.credentials().username()).isEqualTo("v");
  }

  @Test
  void aRetryPolicyBuilderChecksItsFieldsTogetherInBuild() {
    RetryPolicy policy = RetryPolicy.builder().maxBackoff(Duration.ofMillis(50)).initialBackoff(Duration.ofMillis(10))
        .build();
    InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
        () -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(20)).build());

    assertThat(policy.maxBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(refused.field()).isEqualTo("maxBackoff");
  }

  @Test
  void optionsAndConfigsShowTheirSettingsButNoSecret() {
    RemoverOptions options = RemoverOptions.builder().rateLimit(Provider.CONFLUENCE, RateLimit.perSecond(10))
        .maxConcurrency(4).build();
    ConfluenceConfig config = ConfluenceConfig.builder().cloudId("c-1")
        .credentials(ConfluenceCredentials.oauth("app", "Sentinel-App-Secret", "Sentinel-Refresh", token -> { }))
        .build();

    assertThat(options.toString()).startsWith("RemoverOptions[connectTimeout=PT5S")
        .contains("maxConcurrency=4").contains("rateLimit[confluence]=RateLimit[permitsPerSecond=10.0, burst=1]");
    assertThat(config.toString()).contains("clientId=app").doesNotContain("Sentinel");
  }
}
