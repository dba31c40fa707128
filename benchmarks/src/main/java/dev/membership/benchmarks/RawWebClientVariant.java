package dev.membership.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline: a hand-rolled loop over a Vert.x {@code WebClient}, with the URL built once, the same headers
 * and a pool of {@code concurrency} keep-alive connections. No timeout, no retry, no decoding: the least a client
 * can do.
 */
final class RawWebClientVariant implements Variant {

  static final String NAME = "raw Vert.x WebClient";

  private final Vertx vertx;
  private final Fixture fixture;
  private final EventLoopDriver driver;
  private final Map<Integer, WebClient> clients = new HashMap<>();

  RawWebClientVariant(Vertx vertx, Fixture fixture) {
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
    WebClient client = clients.computeIfAbsent(concurrency, c -> WebClient.create(vertx,
        new WebClientOptions().setUserAgent(Fixture.USER_AGENT).setKeepAlive(true).setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(c)));
    return driver.run(concurrency, requests, () -> client.requestAbs(HttpMethod.DELETE, fixture.url)
        .putHeader("Authorization", fixture.authorization)
        .send()
        .map(response -> response.statusCode() == 204));
  }

  @Override
  public void close() {
    clients.values().forEach(WebClient::close);
  }
}
