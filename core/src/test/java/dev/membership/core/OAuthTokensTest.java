package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.client.support.LoopbackServer;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OAuth credentials of both providers against the sandbox's token endpoints, in real time: tokens of a few
 * seconds' lifetime are renewed ahead of expiry, one at a time; a revocation stops the provider at once; a rotated
 * refresh token reaches the caller and the used one no longer works.
 */
class OAuthTokensTest {

  private static final String CLIENT_KEY = "sandbox-client-key";
  private static final String CLIENT_SECRET = "sandbox-client-secret";
  private static final String APP_ID = "sandbox-oauth-client";
  private static final String APP_SECRET = "sandbox-oauth-secret";
  private static final String REFRESH_TOKEN = "sandbox-refresh-token";
  private static final long CAPILLARY_GROUP = 7001;
  private static final String CONFLUENCE_GROUP = "oauth-group";

  private Vertx vertx;
  private Sandbox sandbox;
  private WebClient admin;
  private final List<String> rotated = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    admin = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    admin.close();
    if (sandbox != null) {
      LoopbackServer.await(sandbox.close());
    }
    LoopbackServer.await(vertx.close());
  }

  /** A sandbox whose tokens live {@code lifetimeSeconds}, with {@code members} members in one group of each. */
  private List<Membership> seed(int lifetimeSeconds, int members) {
    JsonArray customers = new JsonArray();
    JsonArray accounts = new JsonArray();
    List<Membership> memberships = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      String mobile = "91800" + String.format("%07d", i);
      String account = String.format("acct-%06d", i);
      customers.add(new JsonObject().put("mobile", mobile));
      accounts.add(account);
      memberships.add(new Membership.Capillary(CAPILLARY_GROUP, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE,
          mobile));
      memberships.add(new Membership.Confluence(CONFLUENCE_GROUP, account));
    }
    JsonObject seed = new JsonObject()
        .put("oauth", new JsonObject().put("tokenLifetimeSeconds", lifetimeSeconds))
        .put("capillary", new JsonObject().put("groups", new JsonArray()
            .add(new JsonObject().put("groupId", CAPILLARY_GROUP).put("members", customers))))
        .put("confluence", new JsonObject().put("accounts", accounts).put("groups", new JsonArray()
            .add(new JsonObject().put("groupId", CONFLUENCE_GROUP).put("members", accounts))));
    sandbox = LoopbackServer.await(Sandbox.start(vertx, SandboxOptions.custom().port(0)
        .seed(SeedSource.document(seed)).build()));
    return memberships;
  }

  private CapillaryConfig capillary(String secret) {
    return CapillaryConfig.builder().baseUrl(sandbox.baseUrl())
        .credentials(CapillaryCredentials.oauth(CLIENT_KEY, secret)).build();
  }

  private ConfluenceConfig confluence(String refreshToken) {
    return ConfluenceConfig.builder().siteUrl(sandbox.baseUrl() + "/ex/confluence/sandbox-cloud")
        .authServerUrl(sandbox.baseUrl())
        .credentials(ConfluenceCredentials.oauth(APP_ID, APP_SECRET, refreshToken, rotated::add)).build();
  }

  private JsonObject counters(String provider) {
    return LoopbackServer.await(admin.getAbs(sandbox.baseUrl() + "/_sandbox/counters").send()).bodyAsJsonObject()
        .getJsonObject(provider);
  }

  private void revoke(String provider) {
    LoopbackServer.await(admin.postAbs(sandbox.baseUrl() + "/_sandbox/oauth/revoke")
        .sendJsonObject(new JsonObject().put("provider", provider)));
  }

  @Test
  void aRunLastingFourTokenLifetimesEndsWithoutFailureAndAtMostOneRenewalPerLifetime() {
    List<Membership> memberships = seed(5, 320); // 320 at 15/s: over 21 s, whatever the overhead
    RemoverOptions options = RemoverOptions.builder().rateLimit(RateLimit.perSecond(15)).maxConcurrency(8).build();
    MembershipRemover remover = MembershipRemover.routing(vertx, capillary(CLIENT_SECRET),
        confluence(REFRESH_TOKEN), options);
    long started = System.nanoTime();

    BulkSummary summary = LoopbackServer.await(remover.removeAll(memberships.iterator(), result -> { })
        .completion(), Duration.ofSeconds(60));
    double lifetimes = (System.nanoTime() - started) / 5e9;
    LoopbackServer.await(remover.close());

    assertThat(lifetimes).as("the run spans four token lifetimes").isGreaterThanOrEqualTo(4);
    assertThat(summary.removed()).isEqualTo(640);
    assertThat(summary.failed()).isZero();
    for (String provider : List.of("capillary", "confluence")) {
      JsonObject counted = counters(provider);
      long renewals = counted.getLong("tokensIssued") - 1;
      assertThat(renewals).as(provider + " renewals").isBetween(3L, (long) Math.ceil(lifetimes));
      assertThat(counted.getJsonObject("statuses").getLong("401", 0L)).as(provider + " 401s").isZero();
      assertThat(counted.getLong("tokensRefused")).isZero();
    }
    // Each renewal rotated the refresh token, and the caller was given each new one.
    assertThat(rotated).hasSize(counters("confluence").getLong("tokensIssued").intValue()).doesNotHaveDuplicates();
  }

  @Test
  void aRevocationMidRunStopsThatProviderWithinASecondAndTheOtherGoesOn() {
    List<Membership> memberships = seed(3600, 150);
    Map<Provider, AtomicLong> stoppedAt = new ConcurrentHashMap<>();
    RemoverOptions options = RemoverOptions.builder().rateLimit(RateLimit.perSecond(50)).maxConcurrency(8)
        .listener(new RemovalListener() {
          @Override
          public void onLaneChange(LaneState state) {
            if ("unauthorized".equals(state.reason())) {
              stoppedAt.computeIfAbsent(state.provider(), p -> new AtomicLong(System.nanoTime()));
            }
          }
        }).build();
    MembershipRemover remover = MembershipRemover.routing(vertx, capillary(CLIENT_SECRET),
        confluence(REFRESH_TOKEN), options);
    List<RemovalResult> results = new CopyOnWriteArrayList<>();
    BulkRemoval run = remover.removeAll(memberships.iterator(), results::add);
    waitUntil(() -> results.size() >= 60);
    long revokedAt = System.nanoTime();
    revoke("confluence");

    BulkSummary summary = LoopbackServer.await(run.completion(), Duration.ofSeconds(60));
    LoopbackServer.await(remover.close());

    assertThat(stoppedAt).containsOnlyKeys(Provider.CONFLUENCE);
    assertThat(Duration.ofNanos(stoppedAt.get(Provider.CONFLUENCE).get() - revokedAt)).isLessThan(
        Duration.ofSeconds(1));
    assertThat(results).filteredOn(r -> r.membership().provider() == Provider.CAPILLARY)
        .hasSize(150).allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(RemovalOutcome.Removed.class));
    List<RemovalResult> confluence = results.stream()
        .filter(r -> r.membership().provider() == Provider.CONFLUENCE).toList();
    assertThat(confluence).hasSize(150);
    long failed = confluence.stream().filter(RemovalResult::failed).count();
    assertThat(failed).isPositive().isEqualTo(summary.failed());
    assertThat(confluence).filteredOn(RemovalResult::failed)
        .allSatisfy(r -> assertThat(r.failure()).isInstanceOf(CredentialsRejectedException.class));
    // The provider saw at most the requests in flight at the revocation and their one renewed retry each.
    JsonObject counted = counters("confluence");
    assertThat(counted.getJsonObject("statuses").getLong("401", 0L)).isLessThanOrEqualTo(8);
    assertThat(counted.getLong("tokensRefused")).isEqualTo(1);
  }

  @Test
  void theRotatedRefreshTokenIsHandedOverAndTheUsedOneNoLongerWorks() {
    List<Membership> memberships = seed(3600, 2);
    MembershipRemover first = MembershipRemover.confluence(vertx, confluence(REFRESH_TOKEN),
        RemoverOptions.ofDefaults());
    LoopbackServer.await(first.remove(memberships.get(1)));
    LoopbackServer.await(first.close());
    assertThat(rotated).hasSize(1).doesNotContain(REFRESH_TOKEN);

    MembershipRemover stale = MembershipRemover.confluence(vertx, confluence(REFRESH_TOKEN),
        RemoverOptions.ofDefaults());
    Throwable refused = LoopbackServer.awaitFailure(stale.remove(memberships.get(3)));
    LoopbackServer.await(stale.close());
    MembershipRemover fresh = MembershipRemover.confluence(vertx, confluence(rotated.get(0)),
        RemoverOptions.ofDefaults());
    RemovalOutcome outcome = LoopbackServer.await(fresh.remove(memberships.get(3)));
    LoopbackServer.await(fresh.close());

    assertThat(refused).isInstanceOfSatisfying(CredentialsRejectedException.class, e -> {
      assertThat(e.byTokenEndpoint()).isTrue();
      assertThat(e.sent()).isFalse();
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.messages()).extracting(ProviderMessage::message)
          .containsExactly("invalid_grant: Unknown or invalid refresh token.");
    });
    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
  }

  @Test
  void aWrongClientSecretFailsEveryRemovalWithoutSendingOne() {
    List<Membership> memberships = seed(3600, 20);
    MembershipRemover remover = MembershipRemover.capillary(vertx, capillary("not-the-secret"),
        RemoverOptions.builder().maxConcurrency(4).build());

    BulkSummary summary = LoopbackServer.await(remover.removeAll(memberships.stream()
        .filter(m -> m.provider() == Provider.CAPILLARY).iterator(), r -> { }).completion());
    LoopbackServer.await(remover.close());

    assertThat(summary.failed()).isEqualTo(20);
    JsonObject counted = counters("capillary");
    assertThat(counted.getLong("requests")).isZero();
    assertThat(counted.getLong("tokensRefused")).isEqualTo(1);
  }

  @Test
  void aTokenRefusedByTheProviderIsAskedForOnceMoreBeforeTheRefusalCounts() {
    List<Membership> memberships = seed(3600, 1);
    AtomicInteger asked = new AtomicInteger();
    // A store that first hands out a token the provider no longer takes, then a good one from the token endpoint.
    TokenSource store = () -> asked.incrementAndGet() == 1 ? Future.succeededFuture(AccessToken.of("stale-token"))
        : admin.postAbs(sandbox.baseUrl() + "/v3/oauth/token/generate")
            .sendJsonObject(new JsonObject().put("key", CLIENT_KEY).put("secret", CLIENT_SECRET))
            .map(response -> AccessToken.of(response.bodyAsJsonObject().getJsonObject("data")
                .getString("accessToken")));
    MembershipRemover remover = MembershipRemover.capillary(vertx, CapillaryConfig.builder()
        .baseUrl(sandbox.baseUrl()).credentials(CapillaryCredentials.oauth(store)).build(),
        RemoverOptions.ofDefaults());

    RemovalOutcome outcome = LoopbackServer.await(remover.remove(memberships.get(0)));
    LoopbackServer.await(remover.close());

    assertThat(outcome).isInstanceOf(RemovalOutcome.Removed.class);
    assertThat(asked).hasValue(2);
    assertThat(counters("capillary").getJsonObject("statuses").getLong("401")).isEqualTo(1);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    LoopbackTest.waitUntil(condition);
  }
}
