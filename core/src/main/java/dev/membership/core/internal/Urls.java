package dev.membership.core.internal;

import dev.membership.core.InvalidInputException;
import dev.membership.core.RemovalTracer;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Base URL checks. Not part of the public API. */
public final class Urls {

  private Urls() {}

  /**
   * Parses and checks a base URL: absolute http(s), a host, no query, fragment or user info, and https unless the
   * host is loopback or {@code allowInsecure} is set. Returns it without a trailing slash.
   */
  public static String baseUrl(String field, String value, boolean allowInsecure) {
    Checks.text(field, value, 2048);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidInputException(field, "is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new InvalidInputException(field, "must be an http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidInputException(field, "must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidInputException(field, "must not contain user info; pass credentials separately");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidInputException(field, "must not contain a query or fragment");
    }
    if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
      throw new InvalidInputException(field, "must use https (plain http is allowed only to a loopback host, or "
          + "with allowInsecureHttp)");
    }
    String text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * What a {@code method} request to {@code path} (a template of the spec) under {@code baseUrl} (checked by
   * {@link #baseUrl}) goes to, for a trace: host, port (the scheme's default when none is given) and the whole
   * path as a template.
   */
  static RemovalTracer.HttpRequestTarget target(String method, String baseUrl, String path) {
    URI uri = URI.create(baseUrl);
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    String base = uri.getRawPath() == null ? "" : uri.getRawPath();
    return new RemovalTracer.HttpRequestTarget(method, host, port, base + path);
  }

  /** Whether {@code host} is {@code localhost} or a loopback address literal; never resolves a name. */
  public static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
