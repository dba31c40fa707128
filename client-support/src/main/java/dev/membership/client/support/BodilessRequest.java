package dev.membership.client.support;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a request without a body that carries only the headers its caller adds.
 *
 * <p>The stock generated {@code ApiClient.invokeAPI} always adds a JSON {@code Content-Type} and a
 * {@code Cookie} header, empty when there are no cookies. Neither belongs on a bodiless {@code DELETE}: some
 * gateways reject a {@code Content-Type} without a body, and an empty {@code Cookie} is malformed. The client
 * subclasses route their bodiless calls through here instead.
 *
 * <p>The base URL is parsed once ({@link Target}) and the request target (path and query) is built and
 * percent-encoded here in one buffer ({@link Query}, {@link #encode}), so that a request costs little more than a
 * hand-written one.
 */
public final class BodilessRequest {

  private BodilessRequest() {}

  /** A parsed base URL: scheme, host, port and path prefix. */
  public record Target(boolean ssl, String host, int port, String pathPrefix, String base) {

    /**
     * Parses {@code baseUrl}, e.g. {@code https://acme.atlassian.net} or {@code http://127.0.0.1:8080/prefix}.
     *
     * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host
     */
    public static Target parse(String baseUrl) {
      URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl == null"));
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException("not an absolute http(s) URL: " + baseUrl);
      }
      boolean ssl = "https".equalsIgnoreCase(scheme);
      int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
          : uri.getHost();
      return new Target(ssl, host, port, path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
          baseUrl);
    }
  }

  /**
   * Builds a request target: the path, then a query string percent-encoded so that every byte but RFC 3986's
   * unreserved characters is encoded.
   */
  public static final class Query {
    private final StringBuilder text;
    private boolean first = true;

    /** A target of {@code pathPrefix} followed by {@code path}, both already encoded, and no query yet. */
    public Query(String pathPrefix, String path) {
      text = new StringBuilder(pathPrefix.length() + path.length() + 96).append(pathPrefix).append(path);
    }

    /** Appends {@code name=value}; a null value is skipped. */
    public Query add(String name, String value) {
      if (value == null) {
        return this;
      }
      text.append(first ? '?' : '&');
      first = false;
      appendEncoded(text, name);
      text.append('=');
      appendEncoded(text, value);
      return this;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }

  /** RFC 3986's unreserved characters, by ASCII code. */
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      UNRESERVED[c] = true;
      UNRESERVED[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      UNRESERVED[c] = true;
    }
    for (char c : new char[] {'-', '.', '_', '~'}) {
      UNRESERVED[c] = true;
    }
  }

  /**
   * Percent-encodes {@code value} as UTF-8 for a path segment or a query component: every byte but RFC 3986's
   * unreserved characters is encoded.
   */
  public static String encode(String value) {
    if (unreserved(value)) {
      return value;
    }
    return percentEncode(new StringBuilder(value.length() + 16), value).toString();
  }

  private static boolean unreserved(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 128 || !UNRESERVED[c]) {
        return false;
      }
    }
    return true;
  }

  private static StringBuilder appendEncoded(StringBuilder text, String value) {
    return unreserved(value) ? text.append(value) : percentEncode(text, value);
  }

  private static StringBuilder percentEncode(StringBuilder text, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 128) {
        if (UNRESERVED[c]) {
          text.append(c);
        } else {
          percent(text, c);
        }
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
        for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          percent(text, b & 0xFF);
        }
        i = end - 1;
      }
    }
    return text;
  }

  private static void percent(StringBuilder text, int b) {
    text.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
  }

  /** Adds every entry of {@code from} with a value to {@code to}. */
  public static void copyHeaders(MultiMap from, MultiMap to) {
    if (from.isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> header : from) {
      if (header.getValue() != null) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }
}
