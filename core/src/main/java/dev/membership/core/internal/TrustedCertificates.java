package dev.membership.core.internal;

import dev.membership.core.InvalidInputException;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Certificates trusted in addition to the JVM's own trust store, such as a company CA in front of a provider.
 * Hostname verification is unaffected: the TLS engine checks the host name on top of any trust manager.
 */
public final class TrustedCertificates {

  private TrustedCertificates() {}

  /**
   * Reads every certificate of a PEM file.
   *
   * @throws InvalidInputException naming {@code field} if the file cannot be read or holds no certificate
   */
  public static List<X509Certificate> read(String field, Path pem) {
    if (pem == null) {
      throw new InvalidInputException(field, "is required");
    }
    try (InputStream in = Files.newInputStream(pem)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new InvalidInputException(field, "holds no PEM certificate");
      }
      return List.copyOf(certificates);
    } catch (IOException e) {
      throw new InvalidInputException(field, "cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (CertificateException e) {
      throw new InvalidInputException(field, "is not a PEM file of X.509 certificates");
    }
  }

  /**
   * Trust in the JVM's trust store and in {@code extra}, as one store behind the JVM's own trust manager algorithm
   * (so its checks and its messages are the usual ones); null when there is nothing extra.
   */
  static TrustOptions withJvmDefaults(List<X509Certificate> extra) {
    if (extra.isEmpty()) {
      return null;
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate jvmCa : trustManager(null).getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + n++, jvmCa);
      }
      for (X509Certificate certificate : extra) {
        store.setCertificateEntry("trusted-" + n++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the trust store: " + e, e);
    }
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X.509 trust manager");
  }
}
