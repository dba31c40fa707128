package dev.membership.core;

import dev.membership.client.support.LoopbackServer;
import java.time.Duration;

/** Shared test values: sentinel credentials that must never appear anywhere, and remover configurations. */
final class Fixtures {

  static final String CAPILLARY_USER = "till_user";
  static final String CAPILLARY_PASSWORD = "Sentinel-Capillary-Pa55word";
  static final String CONFLUENCE_EMAIL = "admin@example.com";
  static final String CONFLUENCE_TOKEN = "Sentinel-Confluence-ApiToken-77";
  static final String OAUTH_TOKEN = "Sentinel-OAuth-AccessToken-99";

  static final String OK = "{\"warnings\":[],\"errors\":[],\"success\":true}";

  private Fixtures() {}

  static String capillaryBody(boolean success, int code, String message) {
    return "{\"warnings\":[],\"errors\":[{\"code\":" + code + ",\"message\":\"" + message
        + "\",\"status\":false}],\"success\":" + success + "}";
  }

  static CapillaryConfig capillary(LoopbackServer server) {
    return CapillaryConfig.builder().baseUrl(server.baseUrl())
        .credentials(CapillaryCredentials.ofPassword(CAPILLARY_USER, CAPILLARY_PASSWORD)).build();
  }

  static ConfluenceConfig confluence(LoopbackServer server) {
    return ConfluenceConfig.builder().siteUrl(server.baseUrl())
        .credentials(ConfluenceCredentials.basic(CONFLUENCE_EMAIL, CONFLUENCE_TOKEN)).build();
  }

  /**
   * Options for fast, deterministic tests: a virtual scheduler, a fixed jitter seed, and a rate limit far above
   * anything a test sends, so that the lane's pacing (whose own tests set no limit or their own) never holds a
   * request back: a test that waits in real time for requests to arrive would otherwise wait for a virtual clock
   * that only it moves.
   */
  static RemoverOptions.Builder options(VirtualScheduler scheduler) {
    return RemoverOptions.builder()
        .scheduler(scheduler)
        .rateLimit(new RateLimit(1_000_000, 10_000))
        .jitterSeed(42)
        .attemptTimeout(Duration.ofSeconds(5))
        .deadline(Duration.ofSeconds(60));
  }

  static Membership.Capillary capillaryMember() {
    return new Membership.Capillary(3962910L, CapillarySource.INSTORE, CapillaryIdentifier.MOBILE, "918095467895");
  }

  static Membership.Confluence confluenceMember() {
    return new Membership.Confluence("d4b1f2c0-group", "5b10ac8d82e05b22cc7d4ef5");
  }
}
