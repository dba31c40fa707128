package dev.membership.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxAdminClient;
import dev.membership.sandbox.SandboxCredentials;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input files as operators really make them (a spreadsheet's export, a hand-edited header, a file with a stray
 * byte), run through {@code bulk} against the embedded sandbox: each is read, or refused with one clear error
 * before anything is sent, and nothing already done is lost.
 */
class OperatorFilesTest {

  private static final String CONFLUENCE_GROUP = "d4c5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
  private static final String MEMBER = "5b10ac8d82e05b22cc7d4ef5";
  private static final String NOT_A_MEMBER = "712020:9a3f5e2b-1c4d-4e8f-b6a7-0d1e2f3a4b5c";
  private static final String CAPILLARY_ROW = "capillary,3962910,INSTORE,mobile,918095467895,";

  @TempDir
  Path dir;

  private Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  private Path write(String name, String content) throws IOException {
    return write(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] withBom(String content) {
    byte[] text = content.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[text.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(text, 0, bytes, 3, text.length);
    return bytes;
  }

  private CliRun bulk(Path input, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("bulk", "--input", input.toString(), "--report",
        dir.resolve("report-" + input.getFileName() + ".jsonl").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The report's lines in input order (they are written as results arrive: invalid rows first). */
  private List<JsonNode> report(Path input) throws IOException {
    Path report = dir.resolve("report-" + input.getFileName() + ".jsonl");
    return Files.exists(report) ? inRowOrder(BulkCommandTest.lines(report)) : List.of();
  }

  private static List<JsonNode> inRowOrder(List<JsonNode> lines) {
    return lines.stream().sorted(java.util.Comparator.comparingLong(line -> line.get("row").asLong())).toList();
  }

  private static List<String> results(List<JsonNode> lines) {
    return lines.stream().map(line -> line.get("result").asText()).toList();
  }

  // ---- 1. byte-order marks, line ends, header names, missing and unknown columns ----

  @Test
  void anExcelCsvUtf8ExportWithAByteOrderMarkAndCrlfIsRead() throws IOException {
    Path input = write("excel.csv", withBom("Provider , GroupId,Source,IdentifierName,IdentifierValue, AccountID\r\n"
        + CAPILLARY_ROW + "\r\nconfluence," + CONFLUENCE_GROUP + ",,,," + MEMBER + "\r\n"));

    CliRun run = bulk(input);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(results(report(input))).containsExactly("removed", "removed");
  }

  @Test
  void aJsonLinesFileWithAByteOrderMarkReadsItsFirstRow() throws IOException {
    Path input = write("rows.jsonl", withBom("{\"provider\":\"confluence\",\"groupId\":\"" + CONFLUENCE_GROUP
        + "\",\"accountId\":\"" + MEMBER + "\"}\n{\"Provider\":\"confluence\",\"GROUPID\":\"" + CONFLUENCE_GROUP
        + "\",\"accountId\":\"" + NOT_A_MEMBER + "\"}\n"));

    CliRun run = bulk(input);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(results(report(input))).containsExactly("removed", "removed");
  }

  @Test
  void aHeaderWithoutARequiredColumnIsOneErrorBeforeAnythingIsSent() throws IOException {
    Path input = write("no-group.csv", "provider,group,accountId\n" + ("confluence,g,a\n").repeat(500));

    CliRun run = bulk(input);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err().lines().filter(line -> line.contains("error"))).singleElement().asString()
        .contains("--input: the header has an unknown column: group");
    assertThat(run.err()).doesNotContain("embedded sandbox");
    assertThat(report(input)).isEmpty();
  }

  @Test
  void aHeaderWithoutAColumnItsProvidersRowsNeedIsOneErrorAndNothingReachesTheProvider() throws IOException {
    Vertx vertx = Vertx.vertx();
    try {
      Sandbox sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().port(0).seed(SeedSource.demo())
          .build()));
      Path input = write("no-identifier-value.csv", "provider,groupId,source,identifierName,accountId\n"
          + "capillary,3962910,INSTORE,mobile,\n".repeat(500) + "confluence," + CONFLUENCE_GROUP + ",,," + MEMBER + "\n");
      Map<String, String> env = Map.of("CAPILLARY_BASE_URL", sandbox.baseUrl(), "CONFLUENCE_BASE_URL",
          sandbox.baseUrl(), "CAPILLARY_USERNAME", SandboxCredentials.CAPILLARY_USERNAME, "CAPILLARY_PASSWORD",
          SandboxCredentials.CAPILLARY_PASSWORD, "CONFLUENCE_EMAIL", SandboxCredentials.CONFLUENCE_EMAIL,
          "CONFLUENCE_API_TOKEN", SandboxCredentials.CONFLUENCE_API_TOKEN);

      CliRun run = CliRun.of(env, "bulk", "--input", input.toString(), "--report",
          dir.resolve("report-" + input.getFileName() + ".jsonl").toString());

      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err()).isEqualTo("error: --input: the header has no identifierValue column, which capillary "
          + "rows need (the columns are provider, groupId, source, identifierName, identifierValue, accountId)"
          + System.lineSeparator());
      assertThat(run.out()).isEmpty();
      assertThat(report(input)).isEmpty();
      try (SandboxAdminClient admin = SandboxAdminClient.create(vertx, sandbox.baseUrl())) {
        assertThat(Await.result(admin.counters()).totalRequests()).as("requests the sandbox received").isZero();
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void aMissingRequiredColumnIsNamed() throws IOException {
    Path input = write("no-provider.csv", "groupId,accountId\ng,a\n");

    CliRun run = bulk(input);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--input: the header has no provider column");
  }

  @Test
  void unknownColumnsAreLeftOutWhenAskedTo() throws IOException {
    Path input = write("extra.csv", "provider,groupId,accountId,ticket\nconfluence," + CONFLUENCE_GROUP + ","
        + MEMBER + ",OPS-1234\n");

    CliRun refused = bulk(input);
    CliRun read = bulk(input, "--ignore-unknown-columns");

    assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("--input: the header has an unknown column: ticket");
    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(results(report(input))).containsExactly("removed");
  }

  // ---- 2. rows for one provider, rows that cannot be read ----

  @Test
  void aConfluenceRowMayLeaveTheCapillaryColumnsOutAndABadRowIsReportedWithItsLineAndText()
      throws IOException {
    Path input = write("mixed.csv", "provider,groupId,accountId,source,identifierName,identifierValue\n"
        + "confluence," + CONFLUENCE_GROUP + "," + MEMBER + "\n"
        + "\n"
        + "confluence,g,a,b,c,d,e,f\n"
        + "capillary,3962910,,INSTORE,mobile,918095467896\n");

    CliRun run = bulk(input);

    List<JsonNode> lines = report(input);
    assertThat(results(lines)).containsExactly("removed", "invalid", "removed");
    assertThat(lines.get(1).get("line").asLong()).isEqualTo(4);
    assertThat(lines.get(1).get("raw").asText()).isEqualTo("confluence,g,a,b,c,d,e,f");
    assertThat(lines.get(1).get("error").asText()).isEqualTo("row: line 4 has 8 values but the header has 6 columns");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  // ---- 3. resume: changed rows are read again; the exit code covers the whole report ----

  @Test
  void resumeReadsAFixedRowAgainAndItsExitCodeCoversTheWholeReport() throws IOException {
    Path input = write("fix.csv", "provider,groupId,accountId\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER
        + "\nconfluence,,a\n");
    Path report = dir.resolve("fix-report.jsonl");
    CliRun first = CliRun.of("bulk", "--input", input.toString(), "--report", report.toString());
    assertThat(first.exitCode()).isEqualTo(ExitCode.USAGE);

    CliRun unchanged = CliRun.of("bulk", "--input", input.toString(), "--resume", report.toString());
    Files.writeString(input, "provider,groupId,accountId\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER
        + "\nconfluence," + CONFLUENCE_GROUP + "," + NOT_A_MEMBER + "\n");
    CliRun fixed = CliRun.of("bulk", "--input", input.toString(), "--resume", report.toString());

    assertThat(unchanged.exitCode()).as("the invalid row is still in the report").isEqualTo(ExitCode.USAGE);
    assertThat(unchanged.out()).containsPattern("(?m)^skipped \\(already in report\\) +2$")
        .containsPattern("(?m)^  of which invalid +1$");
    assertThat(fixed.exitCode()).as(fixed.err()).isZero();
    assertThat(fixed.out()).containsPattern("(?m)^removed +1$")
        .containsPattern("(?m)^skipped \\(already in report\\) +1$");
    assertThat(results(BulkCommandTest.lines(report))).containsExactlyInAnyOrder("removed", "invalid", "removed");
  }

  // ---- 4. an existing report ----

  @Test
  void anExistingReportIsRefusedUnlessResumedOrAppendedTo() throws IOException {
    Path input = write("again.csv", "provider,groupId,accountId\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER
        + "\n");
    Path report = dir.resolve("again-report.jsonl");
    assertThat(CliRun.of("bulk", "--input", input.toString(), "--report", report.toString()).exitCode()).isZero();

    CliRun refused = CliRun.of("bulk", "--input", input.toString(), "--report", report.toString());
    CliRun appended = CliRun.of("bulk", "--input", input.toString(), "--report", report.toString(), "--append");

    assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("--report: already exists: continue it with --resume, or add --append");
    assertThat(appended.exitCode()).isZero();
    assertThat(BulkCommandTest.lines(report)).hasSize(2);
  }

  // ---- 6. values are not repeated ----

  @Test
  void anInvalidValueIsNotRepeatedInItsError() throws IOException {
    Path input = write("zero.csv", "provider,groupId,source,identifierName,identifierValue\n"
        + "capillary,0,INSTORE,mobile,918095467895\n");

    bulk(input);

    JsonNode line = report(input).get(0);
    assertThat(line.get("error").asText()).isEqualTo("groupId: must be at least 1");
  }

  // ---- 7. hostile files ----

  @Test
  void anEmptyFileAndAHeaderOnlyFileAreClearErrors() throws IOException {
    CliRun empty = bulk(write("empty.csv", ""));
    CliRun blank = bulk(write("blank.jsonl", "\n\n"));
    CliRun headerOnly = bulk(write("header.csv", "provider,groupId,accountId\r\n"));

    assertThat(empty.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(empty.err()).contains("--input: is empty");
    assertThat(blank.err()).contains("--input: is empty");
    assertThat(headerOnly.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(headerOnly.err()).contains("--input: has a header row but no rows");
  }

  @Test
  void bytesThatAreNotUtf8AndANulByteAreReportedByLineAndTheOtherRowsProceed() throws IOException {
    byte[] latin1 = ("confluence," + CONFLUENCE_GROUP + ",Ren\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] head = ("provider,groupId,accountId\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER + "\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("confluence," + CONFLUENCE_GROUP + ",nul\u0000byte\nconfluence," + CONFLUENCE_GROUP + ","
        + NOT_A_MEMBER + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + latin1.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(latin1, 0, all, head.length, latin1.length);
    System.arraycopy(tail, 0, all, head.length + latin1.length, tail.length);
    Path input = write("bytes.csv", all);

    CliRun run = bulk(input);

    List<JsonNode> lines = report(input);
    assertThat(results(lines)).containsExactly("removed", "invalid", "invalid", "removed");
    assertThat(lines.get(1).get("error").asText()).isEqualTo("row: line 3 is not UTF-8 text");
    assertThat(lines.get(2).get("field").asText()).isEqualTo("accountId");
    assertThat(lines.get(2).get("error").asText()).contains("control characters");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aLineOfAMegabyteIsReportedAndTheNextRowsProceed() throws IOException {
    Path input = write("long.csv", "provider,groupId,accountId\nconfluence," + CONFLUENCE_GROUP + ","
        + "x".repeat(1_000_000) + "\nconfluence," + CONFLUENCE_GROUP + "," + "y".repeat(1_100_000)
        + "\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER + "\n");

    CliRun run = bulk(input);

    List<JsonNode> lines = report(input);
    assertThat(results(lines)).containsExactly("invalid", "invalid", "removed");
    assertThat(lines.get(0).get("error").asText()).isEqualTo("accountId: must be at most 256 characters, was "
        + "1000000");
    assertThat(lines.get(1).get("error").asText()).isEqualTo("row: line 3 is longer than 1048576 bytes");
    assertThat(lines.get(1).get("raw").asText()).hasSizeLessThan(210);
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void quotedCommasAndLineBreaksAreValuesAndTheProgressCountsRowsNotLines() throws IOException {
    Path input = write("quoted.csv", "provider,groupId,accountId\n"
        + "confluence,\"" + CONFLUENCE_GROUP + "\",\"" + MEMBER + "\"\n"
        + "confluence,\"a,b\",\"line\nbreak\"\n"
        + "\"confluence\",\"" + CONFLUENCE_GROUP + "\",\"" + NOT_A_MEMBER + "\"\n");

    CliRun run = bulk(input);

    List<JsonNode> lines = report(input);
    assertThat(results(lines)).containsExactly("removed", "invalid", "removed");
    assertThat(lines.get(1).get("input").get("groupId").asText()).isEqualTo("a,b");
    assertThat(lines.get(1).get("line").asLong()).isEqualTo(3);
    assertThat(lines.get(2).get("line").asLong()).isEqualTo(5);
    assertThat(run.err()).containsPattern("(?m)^progress: 3 of 3 rows ");
  }

  @Test
  void aTabSeparatedFileIsRefusedSayingWhatSeparatesColumns() throws IOException {
    Path input = write("tabs.csv", "provider\tgroupId\taccountId\nconfluence\tg\ta\n");

    CliRun run = bulk(input);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--input: the header row has one column: columns are separated by commas, not "
        + "tabs or semicolons");
  }

  @Test
  void aFileThatGrowsAndThenDisappearsWhileItIsReadLosesNoRow() throws Exception {
    StringBuilder csv = new StringBuilder("provider,groupId,accountId\n");
    for (int i = 0; i < 300; i++) {
      csv.append("confluence,").append(CONFLUENCE_GROUP).append(",acct-").append(i).append('\n');
    }
    Path input = write("moving.csv", csv.toString());
    Path report = dir.resolve("report-moving.csv.jsonl");
    java.util.concurrent.atomic.AtomicReference<Throwable> meddled = new java.util.concurrent.atomic.AtomicReference<>();
    Thread meddler = new Thread(() -> {
      try {
        // Once the run reads the file (its first results are in the report), a row is added and the file deleted.
        while (!Files.exists(report) || Files.size(report) < 200) {
          Thread.sleep(5);
        }
        Files.writeString(input, "confluence," + CONFLUENCE_GROUP + ",late\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
        Files.delete(input);
      } catch (Exception e) {
        meddled.set(e);
      }
    });
    meddler.start();

    CliRun run = bulk(input, "--rate", "100");
    meddler.join(10_000);

    assertThat(meddled.get()).isNull();
    assertThat(Files.exists(input)).as("deleted during the run").isFalse();
    List<JsonNode> lines = report(input);
    // Rows are read from the open file: all of it, with or without the row added, each exactly once.
    assertThat(lines.size()).isBetween(300, 301);
    assertThat(lines.stream().map(line -> line.get("row").asLong()).distinct().count()).isEqualTo(lines.size());
    assertThat(run.exitCode()).as(run.err()).isIn(0, ExitCode.REJECTED);
  }

  @Test
  void aHalfCharacterAtACutOrFromTheInputDoesNotStopTheReport() throws IOException {
    String emojis = "\uD83D\uDE00".repeat(150); // 300 chars: the 300-character cut falls on a pair boundary + 1
    Path input = write("odd.jsonl", "{\"provider\":\"confluence\",\"groupId\":\"x" + emojis + "\",\"accountId\":\"a\"}\n"
        + "{\"provider\":\"confluence\",\"groupId\":\"\\ud800\",\"accountId\":\"a\"}\n"
        + "{\"provider\":\"confluence\",\"groupId\":\"" + CONFLUENCE_GROUP + "\",\"accountId\":\"" + MEMBER + "\"}\n");

    CliRun run = bulk(input);

    assertThat(results(report(input))).containsExactly("invalid", "invalid", "removed");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void aTooLongLineWithAQuoteDoesNotSwallowTheRowsAfterIt() throws IOException {
    Path input = write("quote-long.csv", "provider,groupId,accountId\nconfluence,g,\"" + "z".repeat(1_100_000)
        + "\"\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER + "\n");

    bulk(input);

    assertThat(results(report(input))).containsExactly("invalid", "removed");
  }

  @Test
  void aFileWithoutAHeaderIsRefusedWithoutShowingItsValues() throws IOException {
    Path input = write("headless.csv", "confluence," + CONFLUENCE_GROUP + "," + MEMBER + "\n");

    CliRun run = bulk(input);

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--input: the first row is not a header").doesNotContain(MEMBER);
  }

  @Test
  void aRealRunResumedFromADryRunsReportSendsItsRows() throws IOException {
    Path input = write("dry.csv", "provider,groupId,accountId\nconfluence," + CONFLUENCE_GROUP + "," + MEMBER + "\n");
    Path report = dir.resolve("dry-report.jsonl");
    assertThat(CliRun.of("bulk", "--input", input.toString(), "--report", report.toString(), "--dry-run")
        .exitCode()).isZero();

    CliRun real = CliRun.of("bulk", "--input", input.toString(), "--resume", report.toString());

    assertThat(real.exitCode()).as(real.err()).isZero();
    assertThat(real.out()).containsPattern("(?m)^removed +1$");
  }

  @Test
  void aJsonLineWithTwoObjectsOrAFieldTwiceIsUnreadable() throws IOException {
    Path input = write("twice.jsonl", "{\"provider\":\"confluence\",\"groupId\":\"g\",\"accountId\":\"a\"} {}\n"
        + "{\"provider\":\"confluence\",\"groupId\":\"g\",\"GroupId\":\"h\",\"accountId\":\"a\"}\n");

    bulk(input, "--dry-run");

    List<JsonNode> lines = report(input);
    assertThat(lines.get(0).get("error").asText()).startsWith("row: line 1 is not valid JSON");
    assertThat(lines.get(1).get("error").asText()).isEqualTo("row: line 2 names the field groupId twice");
  }
}
