package dev.membership.sandbox;

import static dev.membership.sandbox.SandboxHttp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.membership.sandbox.SandboxHttp.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, seeding and stopping sandboxes; the options and the command line. */
class SandboxLifecycleTest {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  /** Starts a sandbox, runs {@code body} against it, and stops it. */
  private static <T> T with(SandboxOptions options, Function<SandboxHttp, T> body) {
    Sandbox sandbox = await(Sandbox.start(vertx, options));
    try (SandboxHttp http = new SandboxHttp(vertx, sandbox.port())) {
      return body.apply(http);
    } finally {
      await(sandbox.close());
    }
  }

  private static Throwable startFailure(SandboxOptions options) throws InterruptedException {
    try {
      Sandbox sandbox = Sandbox.start(vertx, options).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      await(sandbox.close());
      throw new AssertionError("the sandbox started");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void startsOnAFreePortWithInstancesSharingIt() {
    Sandbox sandbox = await(Sandbox.start(vertx, SandboxOptions.custom().instances(3).build()));
    try (SandboxHttp http = new SandboxHttp(vertx, sandbox.port())) {
      List<Future<Answer>> answers = http.many(60, HttpMethod.DELETE,
          SandboxHttp.removeUri(SandboxHttp.CONFLUENCE_GROUP, SandboxHttp.ACCOUNT_IN_NO_GROUP),
          SandboxHttp.confluenceAdmin());

      assertThat(sandbox.port()).isPositive();
      assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
      assertThat(answers).allSatisfy(answer -> assertThat(answer.result().status()).isEqualTo(204));
    } finally {
      await(sandbox.close());
    }
  }

  @Test
  void closeStopsListening() {
    Sandbox sandbox = await(Sandbox.start(vertx, SandboxOptions.ofDefaults()));
    SandboxHttp http = new SandboxHttp(vertx, sandbox.port());

    await(sandbox.close());

    Future<Answer> answer = http.send(HttpMethod.GET, "/_sandbox/counters", null, null);
    Throwable failure = await(answer.transform(result -> Future.succeededFuture(result.cause())));
    assertThat(failure).isNotNull();
    http.close();
  }

  @Test
  void generatesGroupsOfTheAskedSizeOnBothProviders() {
    SandboxOptions options = SandboxOptions.custom().seed(SeedSource.generated(3, 5, 11)).build();

    with(options, http -> {
      JsonArray capillary = http.adminOk(HttpMethod.GET, "/_sandbox/capillary/groups", null).getJsonArray("groups");
      JsonArray confluence = http.adminOk(HttpMethod.GET, "/_sandbox/confluence/groups", null)
          .getJsonArray("groups");
      JsonObject firstCustomer = http.adminOk(HttpMethod.GET, "/_sandbox/capillary/groups/1/members", null)
          .getJsonArray("members").getJsonObject(0);

      assertThat(capillary).hasSize(5).contains(
          new JsonObject().put("groupId", 1).put("members", 5),
          new JsonObject().put("groupId", 3).put("members", 5),
          new JsonObject().put("groupId", 3962910).put("members", 3));
      assertThat(confluence).hasSize(5);
      assertThat(confluence.stream().map(group -> ((JsonObject) group).getInteger("members")))
          .containsExactlyInAnyOrder(5, 5, 5, 1, 2);
      assertThat(firstCustomer.getString("mobile")).matches("91\\d{10}");
      assertThat(firstCustomer.getString("cardExternalId")).hasSize(36);
      Answer removed = http.leave(1L, "mobile", firstCustomer.getString("mobile"));
      assertThat(removed.json().getBoolean("success")).isTrue();
      return null;
    });
  }

  @Test
  void generatedStateDependsOnlyOnTheRandomSeed() {
    Function<SandboxHttp, JsonObject> snapshot = http -> new JsonObject()
        .put("capillary", http.adminOk(HttpMethod.GET, "/_sandbox/capillary/groups/2/members", null))
        .put("confluence", http.adminOk(HttpMethod.GET, "/_sandbox/confluence/groups", null));

    JsonObject first = with(SandboxOptions.custom().seed(SeedSource.generated(2, 4, 11)).build(), snapshot);
    JsonObject second = with(SandboxOptions.custom().seed(SeedSource.generated(2, 4, 11)).build(), snapshot);
    JsonObject other = with(SandboxOptions.custom().seed(SeedSource.generated(2, 4, 12)).build(), snapshot);

    assertThat(first).isEqualTo(second).isNotEqualTo(other);
  }

  @Test
  void loadsASeedFileWithItsOwnCredentials(@TempDir Path dir) throws IOException {
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, """
        {"capillary": {"credentials": [{"username": "till_user", "passwordMd5": "5f4dcc3b5aa765d61d8327deb882cf99"}],
                       "groups": [{"groupId": 5, "members": [{"email": "a@b.test"}]}]}}""");

    with(SandboxOptions.custom().seed(SeedSource.file(seed)).build(), http -> {
      String uri = "/v2/userGroup2/5/leave?source=INSTORE&identifierName=email&identifierValue=a@b.test";
      Answer defaultCredential = http.call(HttpMethod.DELETE, uri, SandboxHttp.capillaryAuth());
      Answer fileCredential = http.call(HttpMethod.DELETE, uri,
          SandboxHttp.basic("till_user", "5f4dcc3b5aa765d61d8327deb882cf99"));
      Answer confluenceDefaults = http.call(HttpMethod.DELETE,
          SandboxHttp.removeUri("none", "none"), SandboxHttp.confluenceMember());

      assertThat(defaultCredential.status()).isEqualTo(401);
      assertThat(fileCredential.json().getBoolean("success")).isTrue();
      assertThat(confluenceDefaults.status()).isEqualTo(403);
      return null;
    });
  }

  @Test
  void startFailsOnAnInvalidSeed() throws InterruptedException {
    JsonObject seed = new JsonObject("{\"confluence\": {\"groups\": [{\"groupId\": \"g\", \"members\": [7]}]}}");

    Throwable failure = startFailure(SandboxOptions.custom().seed(SeedSource.document(seed)).build());

    assertThat(failure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a Confluence group member is an account id string");
  }

  @Test
  void startFailsOnAMissingSeedFile(@TempDir Path dir) throws InterruptedException {
    Throwable failure = startFailure(SandboxOptions.custom().seed(SeedSource.file(dir.resolve("none.json"))).build());

    assertThat(failure).isInstanceOf(UncheckedIOException.class).hasMessageContaining("none.json");
  }

  @Test
  void optionsRejectBadValuesAtOnce() {
    assertThatThrownBy(() -> SandboxOptions.custom().port(70_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SandboxOptions.custom().instances(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SandboxOptions.custom().seed(null)).hasMessage("seed == null");
    assertThatThrownBy(() -> FaultSettings.custom().rate503(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FaultSettings.custom().rate500(0.6).rate503(0.6).build())
        .hasMessageContaining("> 1");
    assertThatThrownBy(() -> SandboxRateLimit.of(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SeedSource.generated(-1, 5, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mainReadsItsArguments() {
    SandboxOptions options = SandboxMain.parse(new String[] {
        "--port", "18080", "--generate", "100x1000", "--random-seed", "7", "--instances", "2"});
    SandboxOptions defaults = SandboxMain.parse(new String[0]);

    assertThat(options.port()).isEqualTo(18080);
    assertThat(options.instances()).isEqualTo(2);
    assertThat(options.seed()).hasToString("demo + generated 100x1000 (random seed 7)");
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.host()).isEqualTo("127.0.0.1");
    assertThat(defaults.seed()).hasToString("demo");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--generate", "100"}))
        .hasMessageContaining("GROUPSxMEMBERS");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--port"})).hasMessage("missing value after --port");
    assertThatThrownBy(() -> SandboxMain.parse(new String[] {"--verbose", "1"})).hasMessage("unknown option --verbose");
  }
}
