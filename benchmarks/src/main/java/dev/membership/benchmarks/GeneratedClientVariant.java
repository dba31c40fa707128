package dev.membership.benchmarks;

import dev.membership.confluence.generated.invoker.MembershipApiClient;
import dev.membership.confluence.generated.api.GroupApi;
import dev.membership.confluence.generated.api.GroupApiImpl;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The generated Confluence client ({@code GroupApiImpl.removeMemberFromGroupByGroupId}) through the hand-written
 * {@code MembershipApiClient}, configured exactly as the toolkit configures it.
 */
final class GeneratedClientVariant implements Variant {

  static final String NAME = "generated client";

  private final Vertx vertx;
  private final Fixture fixture;
  private final EventLoopDriver driver;
  private final Map<Integer, MembershipApiClient> clients = new HashMap<>();

  GeneratedClientVariant(Vertx vertx, Fixture fixture) {
    this.vertx = vertx;
    this.fixture = fixture;
    this.driver = new EventLoopDriver(vertx);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    MembershipApiClient client = clients.computeIfAbsent(concurrency, this::client);
    GroupApi api = new GroupApiImpl(client);
    return driver.run(concurrency, requests,
        () -> api.removeMemberFromGroupByGroupId(Fixture.GROUP_ID, Fixture.ACCOUNT_ID).map(nothing -> true));
  }

  private MembershipApiClient client(int concurrency) {
    // The toolkit's own settings (core's ClientConfigs): timeouts, no redirects, keep-alive, user agent, pool.
    MembershipApiClient client = new MembershipApiClient(vertx, new JsonObject()
        .put("basePath", fixture.baseUrl)
        .put("timeout", 10_000L)
        .put("connectTimeout", 5_000)
        .put("followRedirects", false)
        .put("keepAlive", true)
        .put("userAgent", Fixture.USER_AGENT),
        new JsonObject().put("http1MaxSize", concurrency).put("http2MaxSize", concurrency));
    client.setUsername(Fixture.EMAIL);
    client.setPassword(Fixture.API_TOKEN);
    return client;
  }

  @Override
  public void close() {
    clients.values().forEach(MembershipApiClient::close);
  }
}
