package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.membership.client.support.LoopbackServer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS: an untrusted certificate is a failure named and not retried; an extra CA can be trusted; names checked. */
class TlsTest extends LoopbackTest {

  private SelfSignedCertificate certificate;
  private HttpServer https;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void startHttps() {
    certificate = SelfSignedCertificate.create("localhost");
    https = LoopbackServer.await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1")
            .setPort(0).setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(request -> {
          requests.incrementAndGet();
          request.response().setStatusCode(204).end();
        })
        .listen());
  }

  @AfterEach
  void stopHttps() {
    LoopbackServer.await(https.close());
    certificate.delete();
  }

  private MembershipRemover remover(String host, Path trusted) {
    ConfluenceConfig.Builder config = ConfluenceConfig.builder().siteUrl("https://" + host + ":" + https.actualPort())
        .credentials(ConfluenceCredentials.basic(Fixtures.CONFLUENCE_EMAIL, Fixtures.CONFLUENCE_TOKEN));
    if (trusted != null) {
      config.trustedCertificates(trusted);
    }
    return MembershipRemover.confluence(vertx, config.build(), Fixtures.options(scheduler).build());
  }

  @Test
  void anUntrustedCertificateFailsAtOnceNamingTheCauseAndIsNotRetried() {
    Throwable failure = awaitFailure(remover("localhost", null).remove(Fixtures.confluenceMember()));

    assertThat(failure).isInstanceOfSatisfying(TransportFailedException.class,
        e -> assertThat(e.attempts()).isEqualTo(1))
        .hasMessageContaining("TLS failed, not retried")
        .hasMessageContaining("certification path");
    assertThat(requests).hasValue(0);
    assertThat(scheduler.sleeps()).as("no backoff: nothing to retry").isEmpty();
  }

  @Test
  void trustsTheCertificatesOfAPemFileOnTopOfTheJvmsOwn() {
    RemovalOutcome outcome = await(remover("localhost", Path.of(certificate.certificatePath()))
        .remove(Fixtures.confluenceMember()));

    assertThat(outcome).isEqualTo(new RemovalOutcome.Removed(204, List.of()));
    assertThat(requests).hasValue(1);
  }

  @Test
  void stillVerifiesTheHostNameOfATrustedCertificate() {
    Throwable failure = awaitFailure(remover("127.0.0.1", Path.of(certificate.certificatePath()))
        .remove(Fixtures.confluenceMember()));

    assertThat(failure).isInstanceOf(TransportFailedException.class).hasMessageContaining("TLS failed, not retried");
    assertThat(requests).hasValue(0);
  }

  @Test
  void refusesAFileWithoutACertificateNamingTheSetting(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");

    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> ConfluenceConfig.builder().trustedCertificates(notPem)))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("trustedCertificates"));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
        () -> CapillaryConfig.builder().trustedCertificates(dir.resolve("missing.pem"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("trustedCertificates");
  }
}
