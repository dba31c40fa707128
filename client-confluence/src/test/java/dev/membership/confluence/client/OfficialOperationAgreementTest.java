package dev.membership.confluence.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our hand-written Confluence spec against Atlassian's published operation (copies in {@code specs/reference/}):
 * the parameters a caller can use, their requiredness and the documented status codes must not drift.
 */
class OfficialOperationAgreementTest {

  private static final String PATH = "/wiki/rest/api/group/userByGroupId";

  private static JsonNode ours;
  private static JsonNode official;
  private static JsonNode officialDocument;
  private static JsonNode newestOfficial;

  @BeforeAll
  static void load() throws IOException {
    JsonNode spec = read("confluence-remove-group-member.yaml", new ObjectMapper(new YAMLFactory()));
    ours = spec.path("paths").path(PATH).path("delete");
    officialDocument = read("reference/confluence-official-operation.openapi.json", new ObjectMapper());
    official = officialDocument.path("paths").path(PATH).path("delete");
    newestOfficial = read("reference/confluence-userByGroupId.official.json", new ObjectMapper())
        .path("newest_2025_11_primelib_processed").path("operation");
  }

  private static JsonNode read(String resource, ObjectMapper mapper) throws IOException {
    try (InputStream in = OfficialOperationAgreementTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return mapper.readTree(in);
    }
  }

  /** Non-deprecated parameters, name to required, with component references resolved. */
  private static Map<String, Boolean> usableParameters(JsonNode operation, JsonNode document) {
    Map<String, Boolean> parameters = new TreeMap<>();
    for (JsonNode parameter : operation.path("parameters")) {
      JsonNode resolved = parameter;
      if (parameter.has("$ref")) {
        String name = parameter.get("$ref").asText().substring("#/components/parameters/".length());
        resolved = document.path("components").path("parameters").path(name);
      }
      if (!resolved.path("deprecated").asBoolean(false) && !resolved.isMissingNode()) {
        parameters.put(resolved.path("name").asText(), resolved.path("required").asBoolean(false));
      }
    }
    return parameters;
  }

  @Test
  void keepsTheOfficialOperationId() {
    assertThat(ours.path("operationId").asText()).isEqualTo(official.path("operationId").asText())
        .isEqualTo("removeMemberFromGroupByGroupId");
  }

  @Test
  void offersExactlyTheOfficialNonDeprecatedParametersWithTheNewestRequiredness() {
    Map<String, Boolean> oursParameters = usableParameters(ours, null);
    Map<String, Boolean> newest = usableParameters(newestOfficial, officialDocument);

    assertThat(oursParameters.keySet()).isEqualTo(usableParameters(official, officialDocument).keySet());
    assertThat(oursParameters).isEqualTo(newest).containsEntry("groupId", true).containsEntry("accountId", true);
  }

  @Test
  void documentsEveryOfficialStatusCodePlusRateLimiting() {
    TreeSet<String> officialCodes = new TreeSet<>();
    official.path("responses").fieldNames().forEachRemaining(officialCodes::add);
    TreeSet<String> ourCodes = new TreeSet<>();
    ours.path("responses").fieldNames().forEachRemaining(ourCodes::add);

    officialCodes.add("429");
    assertThat(ourCodes).isEqualTo(officialCodes);
    assertThat(ours.path("responses").path("429").path("headers").has("Retry-After")).isTrue();
  }

  @Test
  void acceptsTheOfficialSecuritySchemesAndScope() {
    assertThat(ours.path("security")).isEqualTo(official.path("security"));
  }
}
