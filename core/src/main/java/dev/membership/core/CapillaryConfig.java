package dev.membership.core;

import dev.membership.core.internal.Checks;
import dev.membership.core.internal.TrustedCertificates;
import dev.membership.core.internal.Urls;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom to reach Capillary. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * CapillaryConfig config = CapillaryConfig.builder()
 *     .cluster("eu")                                   // https://eu.api.capillarytech.com
 *     .credentials(CapillaryCredentials.ofPassword(user, password))
 *     .build();
 * }</pre>
 */
public final class CapillaryConfig {

  private final String baseUrl;
  private final CapillaryCredentials credentials;
  private final List<X509Certificate> trustedCertificates;
  private final boolean allowInsecureHttp;

  private CapillaryConfig(Builder builder) {
    this.baseUrl = builder.baseUrl;
    this.credentials = builder.credentials;
    this.trustedCertificates = builder.trustedCertificates;
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
    b.allowInsecureHttp = allowInsecureHttp;
    return b;
  }

  /** The base URL, without a trailing slash, e.g. {@code https://eu.api.capillarytech.com}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The credentials. */
  public CapillaryCredentials credentials() {
    return credentials;
  }

  /** Certificates trusted in addition to the JVM's trust store; empty unless set. */
  public List<X509Certificate> trustedCertificates() {
    return trustedCertificates;
  }

  @Override
  public String toString() {
    return "CapillaryConfig[baseUrl=" + baseUrl + ", credentials=" + credentials
        + (trustedCertificates.isEmpty() ? "" : ", trustedCertificates=" + trustedCertificates.size()) + "]";
  }

  /**
   * Builds a {@link CapillaryConfig}. Each setter checks its value at once, but for the rule that needs another
   * setting (plain http only to a loopback host unless {@link #allowInsecureHttp(boolean)}), which
   * {@link #build()} checks: the order of the setters never matters.
   */
  public static final class Builder {
    private String baseUrl;
    private CapillaryCredentials credentials;
    private boolean allowInsecureHttp;
    private List<X509Certificate> trustedCertificates = List.of();

    private Builder() {}

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

    /** Allows a plain-http base URL to a host that is not loopback (for a test proxy, say). Off by default. */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * The base URL: https, or http to a loopback host (or with {@link #allowInsecureHttp(boolean)}).
     *
     * @throws InvalidInputException naming {@code baseUrl}
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Urls.baseUrl("baseUrl", baseUrl, true); // https: checked by build(), with allowInsecureHttp
      return this;
    }

    /**
     * Sets the base URL to Capillary's cluster {@code eu}, {@code apac}, {@code apac2} or {@code us}.
     *
     * @throws InvalidInputException naming {@code cluster}
     */
    public Builder cluster(String cluster) {
      Checks.required("cluster", cluster);
      if (!cluster.matches("eu|apac|apac2|us")) {
        throw new InvalidInputException("cluster", "must be one of eu, apac, apac2, us");
      }
      this.baseUrl = "https://" + cluster + ".api.capillarytech.com";
      return this;
    }

    /** The credentials. */
    public Builder credentials(CapillaryCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials == null");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws InvalidInputException naming {@code baseUrl} or {@code credentials} if not set, or {@code baseUrl}
     *     for plain http to a host that is not loopback without {@link #allowInsecureHttp(boolean)}
     */
    public CapillaryConfig build() {
      Checks.required("baseUrl", baseUrl);
      Urls.baseUrl("baseUrl", baseUrl, allowInsecureHttp);
      Checks.required("credentials", credentials);
      return new CapillaryConfig(this);
    }
  }
}
