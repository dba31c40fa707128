package dev.membership.benchmarks;

import dev.membership.confluence.generated.invoker.MembershipApiClient;
import dev.membership.confluence.generated.api.GroupApi;
import dev.membership.confluence.generated.api.GroupApiImpl;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The generated Confluence client ({@code GroupApiImpl.removeMemberFromGroupByGroupId}) through the
 * {@code MembershipApiClient} generated from our template, configured as the toolkit configures it.
 */
final class GeneratedClientVariant extends PooledVariant<MembershipApiClient> {

  static final String NAME = "generated client";


  GeneratedClientVariant(Vertx vertx, Fixture fixture) {
    super(NAME, vertx, fixture, MembershipApiClient::close);
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    MembershipApiClient client = client(concurrency);
    GroupApi api = new GroupApiImpl(client);
    return driver.run(concurrency, requests,
        () -> api.removeMemberFromGroupByGroupId(Fixture.GROUP_ID, Fixture.ACCOUNT_ID).map(nothing -> true));
  }

  @Override
  MembershipApiClient create(int concurrency) {
    // The toolkit's own settings (core's ClientConfigs): no per-request and no idle timeout (core bounds each
    // attempt with a timer of its own), connect timeout, keep-alive, user agent, pool. (The client never follows
    // redirects.)
    MembershipApiClient client = new MembershipApiClient(vertx, new JsonObject()
        .put("basePath", fixture.baseUrl)
        .put("connectTimeout", 5_000)
        .put("keepAlive", true)
        .put("userAgent", Fixture.USER_AGENT),
        new JsonObject().put("http1MaxSize", concurrency).put("http2MaxSize", concurrency));
    client.setUsername(Fixture.EMAIL);
    client.setPassword(Fixture.API_TOKEN);
    return client;
  }

}
