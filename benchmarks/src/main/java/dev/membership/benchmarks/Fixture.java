package dev.membership.benchmarks;

import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.sandbox.SandboxCredentials;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one request every variant sends: Confluence's {@code DELETE /wiki/rest/api/group/userByGroupId} for a known
 * account in a known group, with the sandbox's site-admin Basic credential. Confluence answers 204 whether or not
 * the account was a member, so the request can be repeated forever and the state never runs out.
 */
final class Fixture {

  /** A group of the sandbox's demo seed. */
  static final String GROUP_ID = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  /** An account of the demo seed (a member at start, then not: 204 either way). */
  static final String ACCOUNT_ID = "5b10ac8d82e05b22cc7d4ef5";
  static final String EMAIL = SandboxCredentials.CONFLUENCE_EMAIL;
  static final String API_TOKEN = SandboxCredentials.CONFLUENCE_API_TOKEN;
  /** The user agent the toolkit sends; every variant sends it too, so the requests are byte for byte alike. */
  static final String USER_AGENT = "membership-toolkit";
  static final String PATH = "/wiki/rest/api/group/userByGroupId";
  /** Extra known accounts the memory runs cycle through, so rows differ. */
  static final int EXTRA_ACCOUNTS = 1_000;

  final String baseUrl;
  final String url;
  final URI uri;
  final String authorization;
  final Membership.Confluence membership;
  final ConfluenceConfig config;

  Fixture(String baseUrl) {
    this.baseUrl = baseUrl;
    this.url = baseUrl + PATH + "?groupId=" + GROUP_ID + "&accountId=" + ACCOUNT_ID;
    this.uri = URI.create(url);
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((EMAIL + ":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
    this.membership = new Membership.Confluence(GROUP_ID, ACCOUNT_ID);
    this.config = ConfluenceConfig.builder().siteUrl(baseUrl)
        .credentials(ConfluenceCredentials.basic(EMAIL, API_TOKEN)).build();
  }

  /** The {@code i}-th extra account id: 24 hex digits, like the seed's. */
  static String extraAccount(int i) {
    return String.format("bench%019x", i);
  }

  /** The demo seed plus {@link #EXTRA_ACCOUNTS} known accounts that are in no group. */
  static JsonObject seed(JsonObject demo) {
    JsonObject confluence = demo.getJsonObject("confluence");
    for (int i = 0; i < EXTRA_ACCOUNTS; i++) {
      confluence.getJsonArray("accounts").add(extraAccount(i));
    }
    return demo;
  }
}
