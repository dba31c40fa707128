package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ca-file}: a provider behind a certificate of a company CA, in-process over HTTPS on loopback. */
class TlsCommandTest {

  private static final Map<String, String> CREDENTIALS =
      Map.of("CONFLUENCE_EMAIL", "admin@example.com", "CONFLUENCE_API_TOKEN", "tls-test-token");

  private Vertx vertx;
  private SelfSignedCertificate certificate;
  private HttpServer https;

  @BeforeEach
  void startHttps() {
    vertx = Vertx.vertx();
    certificate = SelfSignedCertificate.create("localhost");
    https = Await.result(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
            .setKeyCertOptions(certificate.keyCertOptions()))
        .requestHandler(request -> request.response().setStatusCode(204).end())
        .listen());
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
    certificate.delete();
  }

  private CliRun remove(String... more) {
    String[] args = {"remove", "confluence", "--group-id", "g", "--account-id", "a", "--output", "json",
        "--base-url", "https://localhost:" + https.actualPort()};
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
        .toArray(String[]::new);
    return CliRun.of(CREDENTIALS, all);
  }

  @Test
  void anUntrustedCertificateFailsOnceWithExitFourNamingTheCause() {
    CliRun run = remove();

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).contains("TLS failed, not retried").contains("\"attempts\":1");
  }

  @Test
  void trustsTheCertificatesOfTheCaFile() {
    CliRun run = remove("--ca-file", certificate.certificatePath());

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("\"result\":\"removed\"");
  }

  @Test
  void refusesACaFileWithoutACertificateBeforeSendingAnything(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("company-ca.pem"), "-----BEGIN NOTHING-----");

    CliRun run = remove("--ca-file", notPem.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--ca-file").doesNotContain("company-ca.pem");
  }
}
