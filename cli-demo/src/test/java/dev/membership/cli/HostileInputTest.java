package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile command lines, input rows, configuration and credentials files: each is refused with exit code 2 and a
 * message naming the option, variable or field, before anything is sent; in bulk, the other rows still proceed.
 */
class HostileInputTest {

  private static final String SENTINEL_TOKEN = "Sentinel-Cli-Token-5150";
  private static final String SENTINEL_PASSWORD = "Sentinel-Cli-Password-8086";

  @TempDir
  static Path dir;

  private static final String[] CAPILLARY = {"remove", "capillary", "--group-id", "3962910", "--source", "INSTORE",
      "--identifier-name", "mobile", "--identifier-value", "918095467895"};

  private static String[] capillaryWith(String option, String value) {
    List<String> args = new ArrayList<>(List.of(CAPILLARY));
    int at = args.indexOf(option);
    if (at >= 0) {
      args.set(at + 1, value);
    } else {
      args.add(option);
      args.add(value);
    }
    return args.toArray(String[]::new);
  }

  private static String[] confluence(String groupId, String accountId, String... more) {
    List<String> args = new ArrayList<>(List.of("remove", "confluence", "--group-id", groupId, "--account-id",
        accountId));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  static Stream<Arguments> hostileCommandLines() {
    Map<String, String> none = Map.of();
    Map<String, String> creds = Map.of("CONFLUENCE_EMAIL", "a@example.com", "CONFLUENCE_API_TOKEN", SENTINEL_TOKEN);
    return Stream.of(
        Arguments.of("group id not a number", none, capillaryWith("--group-id", "12abc"), "--group-id"),
        Arguments.of("group id beyond int64", none, capillaryWith("--group-id", "9223372036854775808"), "--group-id"),
        Arguments.of("group id zero", none, capillaryWith("--group-id", "0"), "--group-id"),
        Arguments.of("unknown source", none, capillaryWith("--source", "POS"), "--source"),
        Arguments.of("unknown identifier name", none, capillaryWith("--identifier-name", "phone"),
            "--identifier-name"),
        Arguments.of("CR LF header injection in value", none,
            capillaryWith("--identifier-value", "918095467895\r\nX-Injected: 1"), "--identifier-value"),
        Arguments.of("tab in value", none, capillaryWith("--identifier-value", "9180954\t67895"),
            "--identifier-value"),
        Arguments.of("over-long identifier", none, capillaryWith("--identifier-value", "9".repeat(300)),
            "--identifier-value"),
        Arguments.of("account id with INSTORE", none, capillaryWith("--account-id", "acc-1"), "--account-id"),
        Arguments.of("blank confluence group", none, confluence(" ", "acc"), "--group-id"),
        Arguments.of("LF in confluence account", none, confluence("g", "acc\nX-Evil: yes"), "--account-id"),
        Arguments.of("NUL in confluence group", none, confluence("g\u0000h", "acc"), "--group-id"),
        Arguments.of("over-long confluence account", none, confluence("g", "a".repeat(257)), "--account-id"),
        Arguments.of("unknown output format", none, confluence("g", "a", "--output", "xml"), "--output"),
        Arguments.of("unknown option", none, confluence("g", "a", "--password", "x"), "--password"),
        Arguments.of("deadline zero", none, confluence("g", "a", "--deadline", "0"), "--deadline"),
        Arguments.of("max attempts zero", none, confluence("g", "a", "--max-attempts", "0"), "--max-attempts"),
        Arguments.of("ftp base url", creds, confluence("g", "a", "--base-url", "ftp://acme.atlassian.net"),
            "siteUrl"),
        Arguments.of("plain http to a private host", creds,
            confluence("g", "a", "--base-url", "http://10.1.2.3:8080"), "must use https"),
        Arguments.of("credentials in base url", creds,
            confluence("g", "a", "--base-url", "https://me:" + SENTINEL_PASSWORD + "@acme.atlassian.net"),
            "user info"),
        Arguments.of("no credentials for a real site", none,
            confluence("g", "a", "--base-url", "https://acme.atlassian.net"), "CONFLUENCE_EMAIL"),
        Arguments.of("token without email", Map.of("CONFLUENCE_API_TOKEN", SENTINEL_TOKEN),
            confluence("g", "a", "--base-url", "https://acme.atlassian.net"), "CONFLUENCE_EMAIL"),
        Arguments.of("basic and oauth at once",
            Map.of("CONFLUENCE_EMAIL", "a@example.com", "CONFLUENCE_API_TOKEN", SENTINEL_TOKEN,
                "CONFLUENCE_OAUTH_TOKEN", SENTINEL_TOKEN),
            confluence("g", "a", "--base-url", "https://acme.atlassian.net"), "CONFLUENCE_OAUTH_TOKEN"),
        Arguments.of("malformed email", Map.of("CONFLUENCE_EMAIL", "admin", "CONFLUENCE_API_TOKEN", SENTINEL_TOKEN),
            confluence("g", "a", "--base-url", "https://acme.atlassian.net"), "email"),
        Arguments.of("CR in api token",
            Map.of("CONFLUENCE_EMAIL", "a@example.com", "CONFLUENCE_API_TOKEN", SENTINEL_TOKEN + "\r\nX: 1"),
            confluence("g", "a", "--base-url", "https://acme.atlassian.net"), "apiToken"),
        Arguments.of("capillary user without password", Map.of("CAPILLARY_USERNAME", "till"),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "CAPILLARY_PASSWORD"),
        Arguments.of("capillary md5 malformed",
            Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD_MD5", "not-md5"),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "passwordMd5"),
        Arguments.of("capillary password and md5 at once",
            Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", SENTINEL_PASSWORD,
                "CAPILLARY_PASSWORD_MD5", "5f4dcc3b5aa765d61d8327deb882cf99"),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "CAPILLARY_PASSWORD"),
        Arguments.of("colon in capillary user",
            Map.of("CAPILLARY_USERNAME", "till:x", "CAPILLARY_PASSWORD", SENTINEL_PASSWORD),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "username"),
        Arguments.of("capillary client key without secret", Map.of("CAPILLARY_CLIENT_KEY", "key"),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "CAPILLARY_CLIENT_SECRET"),
        Arguments.of("CR in capillary client secret",
            Map.of("CAPILLARY_CLIENT_KEY", "key", "CAPILLARY_CLIENT_SECRET", SENTINEL_PASSWORD + "\r\nX: 1"),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "CAPILLARY_CLIENT_SECRET"),
        Arguments.of("capillary password and client key at once",
            Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", SENTINEL_PASSWORD,
                "CAPILLARY_CLIENT_KEY", "key", "CAPILLARY_CLIENT_SECRET", SENTINEL_PASSWORD),
            capillaryWith("--base-url", "https://eu.api.capillarytech.com"), "CAPILLARY_CLIENT_KEY"),
        Arguments.of("oauth app without a refresh token file",
            Map.of("CONFLUENCE_OAUTH_CLIENT_ID", "app", "CONFLUENCE_OAUTH_CLIENT_SECRET", SENTINEL_TOKEN,
                "CONFLUENCE_OAUTH_REFRESH_TOKEN", SENTINEL_TOKEN, "CONFLUENCE_CLOUD_ID", "c-1"),
            confluence("g", "a"), "CONFLUENCE_OAUTH_REFRESH_TOKEN_FILE"),
        Arguments.of("oauth app and api token at once",
            Map.of("CONFLUENCE_OAUTH_CLIENT_ID", "app", "CONFLUENCE_EMAIL", "a@example.com",
                "CONFLUENCE_API_TOKEN", SENTINEL_TOKEN, "CONFLUENCE_CLOUD_ID", "c-1"),
            confluence("g", "a"), "CONFLUENCE_OAUTH_CLIENT_ID"),
        Arguments.of("malformed cloud id",
            Map.of("CONFLUENCE_OAUTH_TOKEN", SENTINEL_TOKEN, "CONFLUENCE_CLOUD_ID", "c-1/../x"),
            confluence("g", "a"), "CONFLUENCE_CLOUD_ID"),
        Arguments.of("oauth token with a site url",
            Map.of("CONFLUENCE_OAUTH_TOKEN", SENTINEL_TOKEN),
            confluence("g", "a", "--base-url", "https://acme.atlassian.net"), "CONFLUENCE_CLOUD_ID"),
        Arguments.of("missing credentials file", none,
            confluence("g", "a", "--base-url", "https://acme.atlassian.net", "--credentials-file",
                "/nonexistent/creds.properties"), "--credentials-file"),
        Arguments.of("bulk concurrency zero", none,
            new String[] {"bulk", "--input", "/nonexistent.csv", "--concurrency", "0"}, "--input"),
        Arguments.of("bulk without input", none, new String[] {"bulk"}, "--input"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileCommandLines")
  void refusesWithExitTwoNamingTheCulprit(String name, Map<String, String> env, String[] args, String named) {
    CliRun run = CliRun.of(env, args);

    assertThat(run.exitCode()).as(name + ": " + run.err()).isEqualTo(2);
    assertThat(run.err()).as(name).contains(named);
    assertThat(run.err()).as(name + " sends nothing").doesNotContain("embedded sandbox");
    assertThat(run.out() + run.err()).doesNotContain(SENTINEL_TOKEN).doesNotContain(SENTINEL_PASSWORD);
  }

  @Test
  void refusesConcurrencyZeroNamingTheOption() throws IOException {
    Path input = Files.writeString(dir.resolve("one.csv"), "provider,groupId,accountId\nconfluence,g,a\n");

    CliRun run = CliRun.of("bulk", "--input", input.toString(), "--concurrency", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--concurrency");
  }

  @Test
  void refusesACredentialsFileWithAnUnknownKeyWithoutEchoingItsValues() throws IOException {
    Path file = Files.writeString(dir.resolve("creds.properties"),
        "CONFLUENCE_EMAIL=a@example.com\nCONFLUENCE_API_TOKEN=" + SENTINEL_TOKEN + "\npassword=" + SENTINEL_PASSWORD
            + "\n");

    CliRun run = CliRun.of(confluence("g", "a", "--base-url", "https://acme.atlassian.net", "--credentials-file",
        file.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--credentials-file").contains("unknown key password")
        .doesNotContain(SENTINEL_PASSWORD).doesNotContain(SENTINEL_TOKEN);
  }

  @Test
  void hostileBulkRowsAreEachReportedAndTheOthersProceed() throws IOException {
    Path input = Files.writeString(dir.resolve("hostile.csv"), String.join("\n",
        "provider,groupId,source,identifierName,identifierValue,accountId",
        "capillary,3962910,INSTORE,mobile,918095467895,",
        "capillary,3962910,INSTORE,mobile,\"918095467896\r\nX-Injected: 1\",",
        "capillary,abc,INSTORE,mobile,918095467897,",
        "capillary,-3,INSTORE,mobile,918095467897,",
        "capillary,3962910,instore-ish,mobile,918095467897,",
        "capillary,3962910,INSTORE,MOBILE_NUMBER,918095467897,",
        "capillary,3962910,INSTORE,email,\"a@b\",",
        "capillary,3962910,INSTORE,externalId," + "x".repeat(400) + ",",
        "confluence,,,,,acc",
        "confluence,g,,,,\"acc\u0007bell\"",
        "jira,g,,,,acc",
        ",,,,,",
        "confluence,d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f,,,,5b10ac8d82e05b22cc7d4ef5",
        ""), StandardCharsets.UTF_8);
    Path jsonl = Files.writeString(dir.resolve("hostile.jsonl"), String.join("\n",
        "{\"provider\":\"confluence\",\"groupId\":[\"g\"],\"accountId\":\"a\"}",
        "{\"provider\":\"confluence\",\"groupId\":\"g\",\"accountId\":{\"$ne\":null}}",
        "[1,2,3]",
        "{\"provider\":\"capillary\",\"groupId\":1.5,\"source\":\"INSTORE\",\"identifierName\":\"mobile\","
            + "\"identifierValue\":\"918095467895\"}",
        "{\"provider\":\"confluence\",\"groupId\":\"d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f\","
            + "\"accountId\":\"384093:32b4d9w0-f6a5-3535-11a3-9c8c88d10192\"}"), StandardCharsets.UTF_8);

    for (Path file : List.of(input, jsonl)) {
      Path report = dir.resolve(file.getFileName() + ".report");
      CliRun run = CliRun.of("bulk", "--input", file.toString(), "--report", report.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      List<JsonNode> lines = BulkCommandTest.lines(report);
      assertThat(lines.stream().filter(l -> l.get("result").asText().equals("removed"))).hasSizeGreaterThan(0);
      assertThat(lines.stream().filter(l -> l.get("result").asText().equals("invalid")))
          .allSatisfy(l -> assertThat(l.get("field").asText()).isNotBlank())
          .allSatisfy(l -> assertThat(l.get("error").asText()).contains(":"));
      assertThat(lines.stream().map(l -> l.get("row").asLong()).distinct().count()).isEqualTo(lines.size());
    }
    assertThat(BulkCommandTest.lines(dir.resolve("hostile.csv.report"))).hasSize(13);
    assertThat(BulkCommandTest.lines(dir.resolve("hostile.jsonl.report"))).hasSize(5);
  }

  @Test
  void sentinelCredentialsNeverReachOutputReportOrErrors() throws IOException {
    Map<String, String> env = Map.of("CONFLUENCE_EMAIL", "someone@example.com", "CONFLUENCE_API_TOKEN",
        SENTINEL_TOKEN, "CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", SENTINEL_PASSWORD);
    Path input = Files.writeString(dir.resolve("secrets.csv"),
        "provider,groupId,source,identifierName,identifierValue,accountId\n"
            + "capillary,1,INSTORE,mobile,918095467895,\nconfluence,g,,,,a\n");
    Path report = dir.resolve("secrets.report");
    List<CliRun> runs = List.of(
        CliRun.of(env, "bulk", "--input", input.toString(), "--report", report.toString(),
            "--base-url", "http://127.0.0.1:9", "--max-attempts", "2", "--output", "json"),
        CliRun.of(env, confluence("g", "a", "--base-url", "http://127.0.0.1:9", "--max-attempts", "1")),
        CliRun.of(env, capillaryWith("--base-url", "http://127.0.0.1:9")));

    String everything = String.join("\n", runs.stream().map(r -> r.out() + r.err()).toList())
        + Files.readString(report);
    assertThat(runs).allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(4));
    assertThat(everything).contains("TransportFailedException");
    assertNoSentinelForm(everything);
  }

  @Test
  void aCapillarySuccessEchoingThePasswordInItsWarningsIsPrintedAndReportedRedacted() throws Exception {
    // Every form of the password a server could echo: the clear one (never sent), its md5 in both cases, the Basic
    // values, one percent-encoded.
    JsonArray warnings = new JsonArray();
    List.of(SENTINEL_PASSWORD, MD5.toUpperCase(Locale.ROOT), MD5, basic("till", MD5), basic("till", SENTINEL_PASSWORD),
            URLEncoder.encode(basic("till", SENTINEL_PASSWORD), StandardCharsets.UTF_8))
        .forEach(form -> warnings.add(new JsonObject().put("code", 1).put("message", "echo: " + form)));
    String success = new JsonObject().put("warnings", warnings).put("errors", new JsonArray()).put("success", true)
        .encode();
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> request.response()
          .putHeader("Content-Type", "application/json").end(success)).listen(0, "127.0.0.1"));
      Map<String, String> env = Map.of("CAPILLARY_USERNAME", "till", "CAPILLARY_PASSWORD", SENTINEL_PASSWORD);
      String baseUrl = "http://127.0.0.1:" + server.actualPort();
      Path input = Files.writeString(dir.resolve("echoed.csv"),
          "provider,groupId,source,identifierName,identifierValue\ncapillary,1,INSTORE,mobile,918095467895\n");
      Path report = dir.resolve("echoed.report");

      String[] remove = capillaryWith("--base-url", baseUrl);
      List<CliRun> runs = List.of(CliRun.of(env, remove),
          CliRun.of(env, Stream.concat(Stream.of(remove), Stream.of("--output", "json")).toArray(String[]::new)),
          CliRun.of(env, "bulk", "--input", input.toString(), "--report", report.toString(), "--base-url", baseUrl));

      assertThat(runs).allSatisfy(run -> assertThat(run.exitCode()).as(run.err()).isZero());
      assertThat(runs.get(0).out()).contains("removed").contains("1 echo: <redacted>; 1 echo: <redacted>");
      JsonNode printed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runs.get(1).out());
      assertThat(printed.get("messages")).hasSize(warnings.size())
          .allSatisfy(message -> assertThat(message.asText()).isEqualTo("echo: <redacted>"));
      assertThat(BulkCommandTest.lines(report)).singleElement()
          .satisfies(line -> assertThat(line.get("messages")).hasSize(warnings.size())
              .allSatisfy(message -> assertThat(message.asText()).isEqualTo("echo: <redacted>")));
      assertNoSentinelForm(String.join("\n", runs.stream().map(r -> r.out() + r.err()).toList())
          + Files.readString(report));
    } finally {
      Await.result(vertx.close());
    }
  }

  private static final String MD5 =
      dev.membership.core.CapillaryCredentials.ofPassword("till", SENTINEL_PASSWORD).passwordMd5();

  private static String basic(String user, String secret) {
    return Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** No form of the sentinel credentials, whatever its case: the secrets, the md5 in both cases, the Basic values. */
  private static void assertNoSentinelForm(String everything) {
    for (String form : List.of(SENTINEL_TOKEN, SENTINEL_PASSWORD, MD5, basic("someone@example.com", SENTINEL_TOKEN),
        basic("till", MD5), basic("till", MD5.toUpperCase(Locale.ROOT)), basic("till", SENTINEL_PASSWORD))) {
      assertThat(everything).doesNotContainIgnoringCase(form);
    }
  }
}
