package dev.membership.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * What both java.net.http variants share: their client (HTTP/1.1, no redirects, 5 s connect timeout), the one
 * request they repeat, and their own round size ({@link #javaNetHttp()}).
 */
abstract class JavaNetHttpVariant implements Variant {

  final HttpClient client;
  final HttpRequest request;
  private final String name;

  JavaNetHttpVariant(String name, Fixture fixture) {
    this.name = name;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.request = HttpRequest.newBuilder(fixture.uri).DELETE()
        .header("Authorization", fixture.authorization)
        .header("User-Agent", Fixture.USER_AGENT)
        .build();
  }

  @Override
  public final boolean javaNetHttp() {
    return true;
  }

  @Override
  public final String name() {
    return name;
  }
}
