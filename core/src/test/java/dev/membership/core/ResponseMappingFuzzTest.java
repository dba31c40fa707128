package dev.membership.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Drives each provider's response mapping with 10,000 generated answers: statuses documented and not, headers,
 * and bodies that are empty, JSON null, truncated, of the wrong types, with huge numbers, nested thousands deep,
 * invalid UTF-8, with null items, and echoing the credentials in every form and case. Every removal must end at
 * once with a typed result (no timer of the virtual clock ever fires, so none waited for a timeout), and no form of
 * a credential may appear in anything produced or logged.
 */
class ResponseMappingFuzzTest extends LoopbackTest {

  private static final int CASES = 10_000;
  /** Characters of a credential that are a leak even without the rest. */
  private static final int PIECE = 12;
  /** Not 401: it stops every removal to the provider; its bodies are fuzzed one remover each. */
  private static final int[] STATUSES = {200, 200, 200, 201, 204, 301, 302, 400, 400, 403, 404, 418, 429, 500,
      501, 502, 503, 504, 521};
  private static final int REFUSALS = 300;

  /** A user whose Basic value ends in padding, and a token with every character that has other forms. */
  private static final String CAPILLARY_USER = "fuzz_us";
  private static final String MD5 = CapillaryCredentials.ofPassword(CAPILLARY_USER, "Fuzz-Password-31").passwordMd5();
  private static final String CAPILLARY_BASIC = base64(CAPILLARY_USER + ":" + MD5);
  private static final String CONFLUENCE_EMAIL = "fuzz@example.com";
  private static final String CONFLUENCE_TOKEN = "Fuzz/Token+With=Quote\"And\\Backslash-\u00fc-0042";
  private static final String CONFLUENCE_BASIC = base64(CONFLUENCE_EMAIL + ":" + CONFLUENCE_TOKEN);

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One generated answer. */
  private record Answer(int status, Map<String, String> headers, byte[] body) {}

  @Test
  void everyGeneratedCapillaryAnswerEndsAtOnceTypedAndWithoutACredential() throws Exception {
    List<String> secrets = List.of(MD5, CAPILLARY_BASIC);
    List<RemovalResult> results = run(new Random(13), secrets, CapillaryConfig.builder().baseUrl(server.baseUrl())
            .credentials(CapillaryCredentials.ofPassword(CAPILLARY_USER, "Fuzz-Password-31")).build(),
        i -> new Membership.Capillary(1, CapillarySource.INSTORE, CapillaryIdentifier.EXTERNAL_ID, "case-" + i),
        (config, options) -> MembershipRemover.capillary(vertx, (CapillaryConfig) config, options), "identifierValue");

    assertTypedAndClean(results, secrets);
  }

  @Test
  void everyGeneratedConfluenceAnswerEndsAtOnceTypedAndWithoutACredential() throws Exception {
    List<String> secrets = List.of(CONFLUENCE_TOKEN, CONFLUENCE_BASIC);
    List<RemovalResult> results = run(new Random(17), secrets, ConfluenceConfig.builder().siteUrl(server.baseUrl())
            .credentials(ConfluenceCredentials.basic(CONFLUENCE_EMAIL, CONFLUENCE_TOKEN)).build(),
        i -> new Membership.Confluence("g", "case-" + i),
        (config, options) -> MembershipRemover.confluence(vertx, (ConfluenceConfig) config, options), "accountId");

    assertTypedAndClean(results, secrets);
  }

  private interface RemoverFactory {
    MembershipRemover create(Object config, RemoverOptions options);
  }

  private List<RemovalResult> run(Random random, List<String> secrets, Object config,
      Function<Integer, Membership> membership, RemoverFactory factory, String caseParam) {
    Map<Integer, Answer> answers = new ConcurrentHashMap<>();
    for (int i = 0; i < CASES; i++) {
      answers.put(i, answer(random, secrets));
    }
    server.respondWith(request -> {
      Answer answer = answers.get(Integer.parseInt(request.getParam(caseParam).substring("case-".length())));
      HttpServerResponse response = request.response().setStatusCode(answer.status());
      answer.headers().forEach(response::putHeader);
      response.end(Buffer.buffer(answer.body()));
    });
    // Every Retry-After waited for (in virtual time), even the hostile ones, so that every answer is sent and mapped.
    MembershipRemover remover = factory.create(config, Fixtures.options(scheduler).maxConcurrency(32)
        .retryPolicy(RetryPolicy.none().toBuilder().maxRetryAfter(Duration.ofDays(400)).build()).build());
    List<RemovalResult> results = new CopyOnWriteArrayList<>();

    BulkSummary summary = await(remover.removeAll(IntStream.range(0, CASES).mapToObj(membership::apply).iterator(),
        results::add).completion());

    assertThat(summary.total()).isEqualTo(CASES);
    assertThat(server.requests()).hasSize(CASES);
    // Every answer was mapped as it came: no attempt waited for its timeout. (The lane's waits are another matter:
    // the generated 429s close it and cut its rate, which is what a provider answering that often asks for.)
    assertThat(scheduler.firedTimeouts()).as("attempts that timed out").isZero();
    await(remover.close());
    return results;
  }

  @Test
  void everyGenerated401BodyEndsWithTheCredentialsRejectedAndWithoutACredential() throws Exception {
    List<String> secrets = List.of(MD5, CAPILLARY_BASIC);
    Random random = new Random(19);
    CapillaryConfig config = CapillaryConfig.builder().baseUrl(server.baseUrl())
        .credentials(CapillaryCredentials.ofPassword(CAPILLARY_USER, "Fuzz-Password-31")).build();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < REFUSALS; i++) {
      Answer answer = answer(random, secrets, 401);
      server.respondWith(request -> {
        HttpServerResponse response = request.response().setStatusCode(401);
        answer.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(answer.body()));
      });
      MembershipRemover remover = MembershipRemover.capillary(vertx, config, Fixtures.options(scheduler).build());
      Throwable failure = scheduler.awaitFailure(remover.remove(
          new Membership.Capillary(1, CapillarySource.INSTORE, CapillaryIdentifier.EXTERNAL_ID, "case-" + i)));
      // Whatever the body: the credentials were refused, with what could be read of the provider's messages.
      assertThat(failure).isInstanceOf(CredentialsRejectedException.class);
      ((CredentialsRejectedException) failure).messages().forEach(message -> texts.add(message.toString()));
      for (Throwable t = failure; t != null; t = t.getCause()) {
        texts.add(t.toString());
      }
      await(remover.close());
    }
    assertNoPiece(texts, secrets);
    texts.add(Files.readString(Path.of("target", "core-test.log")));
    assertNoForm(texts, secrets);
    assertThat(String.join("\n", texts)).as("the generated answers did echo credentials").contains("<redacted>");
  }

  private void assertTypedAndClean(List<RemovalResult> results, List<String> secrets) throws Exception {
    List<String> texts = new ArrayList<>();
    for (RemovalResult result : results) {
      if (result.failed()) {
        assertThat(result.failure()).as("a typed failure that needed no timeout")
            .isInstanceOfAny(UnexpectedResponseException.class, RetriesExhaustedException.class);
        for (Throwable t = result.failure(); t != null; t = t.getCause()) {
          texts.add(t.toString());
        }
        if (result.failure() instanceof UnexpectedResponseException unexpected) {
          texts.add(unexpected.body());
        }
      }
      texts.add(result.toString());
    }
    assertNoPiece(texts, secrets);
    texts.add(Files.readString(Path.of("target", "core-test.log")));
    assertThat(results).anyMatch(r -> r.outcome() instanceof RemovalOutcome.Removed)
        .anyMatch(r -> r.outcome() instanceof RemovalOutcome.Rejected)
        .anyMatch(r -> r.failure() instanceof UnexpectedResponseException)
        .anyMatch(r -> r.failure() instanceof RetriesExhaustedException);
    String all = String.join("\n", texts);
    assertThat(all).as("the generated answers did echo credentials").contains("<redacted>");
    assertThat(all).as("what a decoder says quotes the body, and is never kept").doesNotContain("Unrecognized token")
        .doesNotContain("Cannot deserialize");
    assertNoForm(texts, secrets);
  }

  /** No piece of a credential, such as the start of one cut where a message is trimmed. */
  private static void assertNoPiece(List<String> texts, List<String> secrets) {
    java.util.Set<String> pieces = new java.util.HashSet<>();
    for (String secret : secrets) {
      for (String form : forms(secret)) {
        String lower = form.toLowerCase(Locale.ROOT);
        for (int i = 0; i + PIECE <= lower.length(); i++) {
          pieces.add(lower.substring(i, i + PIECE));
        }
      }
    }
    for (String text : texts) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (int i = 0; i + PIECE <= lower.length(); i++) {
        assertThat(pieces).as("a piece of a credential in: %s", text).doesNotContain(lower.substring(i, i + PIECE));
      }
    }
  }

  /** No form of a credential, in any case. */
  private static void assertNoForm(List<String> texts, List<String> secrets) {
    for (String text : texts) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (String secret : secrets) {
        for (String form : forms(secret)) {
          assertThat(lower).doesNotContain(form.toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  /**
   * A credential as sent, percent-encoded, JSON-escaped (with {@code \\/} and {@code \\u00fc}), and for a Basic
   * value also unpadded and in the URL-safe alphabet.
   */
  private static List<String> forms(String secret) {
    List<String> forms = new ArrayList<>(List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
        jsonEscaped(secret)));
    if (secret.endsWith("=") || secret.equals(CONFLUENCE_BASIC)) {
      byte[] decoded = Base64.getDecoder().decode(secret);
      forms.add(Base64.getEncoder().withoutPadding().encodeToString(decoded));
      forms.add(Base64.getUrlEncoder().encodeToString(decoded));
    }
    return forms;
  }

  private static String jsonEscaped(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append("\\/");
        default -> out.append(c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.toString();
  }

  /** A credential in a random form and case, as a server echoing it could send it. */
  private static String echo(Random random, List<String> secrets) {
    String secret = secrets.get(random.nextInt(secrets.size()));
    List<String> forms = forms(secret);
    return cased(random, forms.get(random.nextInt(forms.size())));
  }

  /** A credential in a random form and case, escaped once as the content of a JSON string. */
  private static String jsonEcho(Random random, List<String> secrets) {
    String secret = secrets.get(random.nextInt(secrets.size()));
    List<String> forms = new ArrayList<>(forms(secret));
    forms.remove(jsonEscaped(secret));
    return jsonEscaped(cased(random, forms.get(random.nextInt(forms.size()))));
  }

  private static String cased(Random random, String form) {
    return switch (random.nextInt(3)) {
      case 0 -> form.toUpperCase(Locale.ROOT);
      case 1 -> form.toLowerCase(Locale.ROOT);
      default -> form;
    };
  }

  private static Answer answer(Random random, List<String> secrets) {
    return answer(random, secrets, STATUSES[random.nextInt(STATUSES.length)]);
  }

  private static Answer answer(Random random, List<String> secrets, int status) {
    Map<String, String> headers = new java.util.HashMap<>();
    switch (random.nextInt(4)) {
      case 0 -> headers.put("Content-Type", "application/json");
      case 1 -> headers.put("Content-Type", "text/html; charset=" + inHeader(echo(random, secrets)));
      case 2 -> headers.put("Content-Type", "application/json; charset=utf-8");
      default -> { }
    }
    switch (random.nextInt(5)) {
      case 0 -> headers.put("Retry-After", String.valueOf(random.nextInt(100)));
      case 1 -> headers.put("Retry-After", String.valueOf(86_400 + random.nextInt(86_400)));
      case 2 -> headers.put("Retry-After", inHeader(echo(random, secrets)));
      default -> { }
    }
    if (random.nextInt(4) == 0) {
      headers.put("X-Echo", inHeader(echo(random, secrets)));
    }
    return new Answer(status, headers, body(random, secrets));
  }

  /** {@code text} as a header value can carry it: printable ASCII only. */
  private static String inHeader(String text) {
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static byte[] body(Random random, List<String> secrets) {
    String echo = echo(random, secrets);
    // Raw forms may hold a quote or a backslash: inside a JSON string they go escaped; a message is padded so that
    // the credential straddles the 500 characters an outcome keeps.
    String message = "\"" + "m".repeat(random.nextBoolean() ? 0 : 480 + random.nextInt(30))
        + jsonEcho(random, secrets) + "\"";
    String text = switch (random.nextInt(16)) {
      case 0 -> "";
      case 1 -> "null";
      case 2 -> "{\"warnings\":[],\"errors\":[],\"success\":true}";
      case 3 -> "{\"warnings\":[],\"errors\":[{\"code\":1620,\"message\":" + message + "}],\"success\":false}";
      case 4 -> "{\"warnings\":[],\"errors\":[{\"code\":" + (8000 + random.nextInt(100)) + ",\"message\":" + message
          + "}],\"success\":false}";
      case 5 -> "{\"warnings\":[null],\"errors\":[null],\"success\":true}";
      case 6 -> "{\"warnings\":[],\"errors\":[],\"success\":\"" + echo + "\"}";
      case 7 -> "{\"warnings\":5,\"errors\":{\"code\":" + message + "},\"success\":false}";
      case 8 -> "{\"warnings\":[],\"errors\":[{\"code\":1e400,\"message\":" + message + "}],\"success\":false}";
      case 9 -> "{\"warnings\":[],\"errors\":[{\"code\":99999999999999999999999,\"message\":\"x\"}],\"success\":false}";
      case 10 -> "[".repeat(5_000) + "]".repeat(5_000);
      case 11 -> "{\"warnings\":[],\"errors\":[{\"code\":1620,\"message\":" + message;
      case 12 -> "{\"errors\":[],\"warnings\":[{\"code\":1,\"message\":" + message + "}]}";
      case 13 -> random.nextBoolean() ? echo : echo + " " + echo.toUpperCase(Locale.ROOT);
      case 14 -> "{\"success\":true,\"errors\":[],\"warnings\":[],\"extra\":{\"deep\":[" + message + "]}}";
      default -> null;
    };
    if (text == null) {
      // Invalid UTF-8 around a credential.
      byte[] secret = echo.getBytes(StandardCharsets.UTF_8);
      byte[] bytes = new byte[secret.length + 6];
      bytes[0] = (byte) 0xC3;
      bytes[1] = (byte) 0x28;
      System.arraycopy(secret, 0, bytes, 2, secret.length);
      bytes[bytes.length - 4] = (byte) 0xF0;
      bytes[bytes.length - 3] = (byte) 0x28;
      bytes[bytes.length - 2] = (byte) 0x8C;
      bytes[bytes.length - 1] = (byte) 0xFF;
      return bytes;
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
