package dev.membership.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The baseline: a hand-rolled loop over a Vert.x {@code WebClient}, with the URL built once, the same headers
 * and a pool of {@code concurrency} keep-alive connections. No timeout, no retry, no decoding: the least a client
 * can do.
 */
final class RawWebClientVariant extends PooledVariant<WebClient> {

  static final String NAME = "raw Vert.x WebClient";

  RawWebClientVariant(Vertx vertx, Fixture fixture) {
    super(NAME, vertx, fixture, WebClient::close);
  }

  @Override
  WebClient create(int concurrency) {
    return WebClient.create(vertx,
        new WebClientOptions().setUserAgent(Fixture.USER_AGENT).setKeepAlive(true).setFollowRedirects(false),
        new PoolOptions().setHttp1MaxSize(concurrency));
  }

  @Override
  public Round run(int concurrency, int requests) throws Exception {
    WebClient client = client(concurrency);
    return driver.run(concurrency, requests, () -> client.requestAbs(HttpMethod.DELETE, fixture.url)
        .putHeader("Authorization", fixture.authorization)
        .send()
        .map(response -> response.statusCode() == 204));
  }
}
