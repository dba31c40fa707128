package dev.membership.core;

import dev.membership.core.internal.Checks;
import dev.membership.core.internal.TrustedCertificates;
import dev.membership.core.internal.Urls;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom to reach Confluence Cloud. Immutable; build with {@link #builder()}.
 *
 * <p>The base URL is either the site URL ({@code https://your-domain.atlassian.net}, usual with Basic
 * credentials) or Atlassian's gateway form {@code https://api.atlassian.com/ex/confluence/{cloudId}} (required
 * with OAuth 2.0 tokens); {@link Builder#cloudId(String)} builds the latter.
 */
public final class ConfluenceConfig {

  private final String baseUrl;
  private final ConfluenceCredentials credentials;
  private final List<X509Certificate> trustedCertificates;
  private final String authServerUrl;
  private final boolean allowInsecureHttp;

  /** A base URL of Atlassian's gateway: its path ends in {@code /ex/confluence/{cloudId}}. */
  private static final java.util.regex.Pattern GATEWAY =
      java.util.regex.Pattern.compile("^https?://[^/]+(/.*)?/ex/confluence/[A-Za-z0-9-]+$");

  private ConfluenceConfig(Builder builder) {
    this.baseUrl = builder.baseUrl;
    this.credentials = builder.credentials;
    this.trustedCertificates = builder.trustedCertificates;
    this.authServerUrl = builder.authServerUrl;
    this.allowInsecureHttp = builder.allowInsecureHttp;
  }

  /** A builder with no base URL and no credentials: both must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration: change only what differs. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.baseUrl = baseUrl;
    b.credentials = credentials;
    b.trustedCertificates = trustedCertificates;
    b.authServerUrl = authServerUrl;
    b.allowInsecureHttp = allowInsecureHttp;
    return b;
  }

  /** The base URL, without a trailing slash and without {@code /wiki}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The credentials. */
  public ConfluenceCredentials credentials() {
    return credentials;
  }

  /** Certificates trusted in addition to the JVM's trust store; empty unless set. */
  public List<X509Certificate> trustedCertificates() {
    return trustedCertificates;
  }

  /**
   * Where refreshing OAuth credentials get their tokens ({@code POST {authServerUrl}/oauth/token}):
   * {@code https://auth.atlassian.com} unless set.
   */
  public String authServerUrl() {
    return authServerUrl;
  }

  @Override
  public String toString() {
    return "ConfluenceConfig[baseUrl=" + baseUrl + ", credentials=" + credentials
        + (credentials instanceof ConfluenceCredentials.OAuth oauth && oauth.clientId() != null
            ? ", authServerUrl=" + authServerUrl : "")
        + (trustedCertificates.isEmpty() ? "" : ", trustedCertificates=" + trustedCertificates.size()) + "]";
  }

  /**
   * Builds a {@link ConfluenceConfig}. Each setter checks its value at once, but for the rules that need another
   * setting (plain http only to a loopback host unless {@link #allowInsecureHttp(boolean)}; the gateway with OAuth
   * credentials), which {@link #build()} checks: the order of the setters never matters.
   */
  public static final class Builder {
    private String baseUrl;
    private ConfluenceCredentials credentials;
    private boolean allowInsecureHttp;
    private List<X509Certificate> trustedCertificates = List.of();
    private String authServerUrl = "https://auth.atlassian.com";

    private Builder() {}

    /**
     * Where refreshing OAuth credentials get their tokens: {@code https://auth.atlassian.com} unless set (a
     * test server, say); https, or http to a loopback host (or with {@link #allowInsecureHttp(boolean)}).
     *
     * @throws InvalidInputException naming {@code authServerUrl}
     */
    public Builder authServerUrl(String authServerUrl) {
      this.authServerUrl = Urls.baseUrl("authServerUrl", authServerUrl, true); // https: checked by build()
      return this;
    }

    /**
     * Trusts the certificates of a PEM file (a company CA in front of the provider, say) in addition to the JVM's
     * trust store. Host names are still verified against the certificate.
     *
     * @throws InvalidInputException naming {@code trustedCertificates} if the file cannot be read or holds no
     *     certificate
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = TrustedCertificates.read("trustedCertificates", pemFile);
      return this;
    }

    /** Allows a plain-http base URL (or authorisation server) to a non-loopback host. Off by default. */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * The site URL, e.g. {@code https://your-domain.atlassian.net}, or any base URL under which
     * {@code /wiki/rest/api/group/userByGroupId} is served. A trailing {@code /wiki} is removed.
     *
     * @throws InvalidInputException naming {@code siteUrl}
     */
    public Builder siteUrl(String siteUrl) {
      String url = Urls.baseUrl("siteUrl", siteUrl, true); // https: checked by build(), with allowInsecureHttp
      this.baseUrl = url.endsWith("/wiki") ? url.substring(0, url.length() - "/wiki".length()) : url;
      return this;
    }

    /**
     * Uses Atlassian's gateway {@code https://api.atlassian.com/ex/confluence/{cloudId}}.
     *
     * @throws InvalidInputException naming {@code cloudId} unless it is letters, digits and dashes
     */
    public Builder cloudId(String cloudId) {
      Checks.text("cloudId", cloudId, 64);
      if (!cloudId.matches("[A-Za-z0-9-]+")) {
        throw new InvalidInputException("cloudId", "must contain only letters, digits and '-'");
      }
      this.baseUrl = "https://api.atlassian.com/ex/confluence/" + cloudId;
      return this;
    }

    /** The credentials. */
    public Builder credentials(ConfluenceCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials == null");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming {@code siteUrl} or {@code credentials} if not set, or {@code cloudId}
     *     for OAuth credentials with a site URL: OAuth tokens work only through Atlassian's gateway, and a site
     *     URL would answer 401 to every request
     */
    public ConfluenceConfig build() {
      Checks.required("siteUrl", baseUrl);
      Urls.baseUrl("siteUrl", baseUrl, allowInsecureHttp);
      Urls.baseUrl("authServerUrl", authServerUrl, allowInsecureHttp);
      Checks.required("credentials", credentials);
      if (credentials instanceof ConfluenceCredentials.OAuth && !GATEWAY.matcher(baseUrl).matches()) {
        throw new InvalidInputException("cloudId", "is required with OAuth credentials, which work only through "
            + "Atlassian's gateway (a base URL ending in /ex/confluence/{cloudId}), not a site URL");
      }
      return new ConfluenceConfig(this);
    }
  }
}
