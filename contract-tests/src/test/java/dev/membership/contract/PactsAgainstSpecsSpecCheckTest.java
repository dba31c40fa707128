package dev.membership.contract;

import static dev.membership.contract.Contract.ATLASSIAN_AUTH_PACT;
import static dev.membership.contract.Contract.ATLASSIAN_TOKEN_SPEC;
import static dev.membership.contract.Contract.CAPILLARY_PACT;
import static dev.membership.contract.Contract.CAPILLARY_SPEC;
import static dev.membership.contract.Contract.CAPILLARY_TOKEN_SPEC;
import static dev.membership.contract.Contract.CONFLUENCE_PACT;
import static dev.membership.contract.Contract.CONFLUENCE_SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.membership.contract.SpecCheck.Finding;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The third check: every interaction of every pact the consumer tests wrote agrees with its spec in
 * {@code specs/}. Hand-written contradicting pacts and edited copies of the specs show that the check fails when
 * the two disagree, naming the interaction and the validator's key.
 */
class PactsAgainstSpecsSpecCheckTest {

  private static final String CONFLUENCE_DELETE = "/paths/~1wiki~1rest~1api~1group~1userByGroupId/delete";
  private static final String CAPILLARY_RESPONSE_SCHEMA = "/components/schemas/LeaveGroupResponse";

  private static Path fixture(String name) {
    try {
      return Path.of(PactsAgainstSpecsSpecCheckTest.class.getResource("/contradicting/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> descriptions(Path pact) {
    return SpecCheck.interactions(pact).stream().map(interaction -> interaction.getDescription()).toList();
  }

  // ---- the generated pacts against the specs as they are ----

  @Test
  void everyCapillaryInteractionAgreesWithTheCapillarySpecs() {
    assertThat(descriptions(CAPILLARY_PACT)).hasSize(10);

    assertThat(SpecCheck.check(CAPILLARY_PACT, SpecCheck.validator(CAPILLARY_SPEC),
        SpecCheck.validator(CAPILLARY_TOKEN_SPEC))).isEmpty();
  }

  @Test
  void everyInteractionWithAtlassiansAuthorisationServerAgreesWithItsSpec() {
    assertThat(descriptions(ATLASSIAN_AUTH_PACT)).hasSize(3);

    assertThat(SpecCheck.check(ATLASSIAN_AUTH_PACT, SpecCheck.validator(ATLASSIAN_TOKEN_SPEC))).isEmpty();
  }

  @Test
  void aTokenInteractionCheckedOnlyAgainstTheRemovalSpecIsReportedAsAnUnknownPath() {
    List<Finding> findings = SpecCheck.check(CAPILLARY_PACT, SpecCheck.validator(CAPILLARY_SPEC));

    assertThat(findings).extracting(Finding::interaction, Finding::key).containsExactlyInAnyOrder(
        tuple("an access token for the API client's key and secret", SpecCheck.PATH_MISSING),
        tuple("an access token for a key and secret Capillary does not accept", SpecCheck.PATH_MISSING));
  }

  @Test
  void removingThe403FromTheAtlassianTokenSpecFailsTheUsedRefreshTokenInteraction() {
    JsonNode spec = SpecCheck.readSpec(ATLASSIAN_TOKEN_SPEC);
    ((ObjectNode) spec.at("/paths/~1oauth~1token/post/responses")).remove("403");

    List<Finding> findings = SpecCheck.check(ATLASSIAN_AUTH_PACT, SpecCheck.validator(spec));

    assertThat(findings).extracting(Finding::interaction, Finding::key).containsExactly(
        tuple("a refresh with a refresh token that was used or revoked", "validation.response.status.unknown"));
  }

  @Test
  void requiringAnAccessTokenFieldTheSpecDoesNotNameFailsTheCapillaryTokenInteraction() {
    JsonNode spec = SpecCheck.readSpec(CAPILLARY_TOKEN_SPEC);
    ((ArrayNode) spec.at("/components/schemas/Token/required")).add("refreshToken");

    List<Finding> findings = SpecCheck.check(CAPILLARY_PACT, SpecCheck.validator(CAPILLARY_SPEC),
        SpecCheck.validator(spec));

    assertThat(findings).extracting(Finding::interaction, Finding::key).containsExactly(
        tuple("an access token for the API client's key and secret", "validation.response.body.schema.required"));
  }

  @Test
  void everyConfluenceInteractionAgreesWithTheConfluenceSpec() {
    assertThat(descriptions(CONFLUENCE_PACT)).hasSize(7);

    assertThat(SpecCheck.check(CONFLUENCE_PACT, SpecCheck.validator(CONFLUENCE_SPEC))).isEmpty();
  }

  // ---- pacts that contradict the specs ----

  @Test
  void reportsEveryContradictionInTheCapillaryFixture() {
    List<Finding> findings = SpecCheck.check(fixture("capillary.json"), SpecCheck.validator(CAPILLARY_SPEC));

    assertThat(findings).extracting(Finding::interaction, Finding::key).containsExactlyInAnyOrder(
        tuple("request without the required identifierValue", "validation.request.parameter.query.missing"),
        tuple("response with a status the spec does not document", "validation.response.status.unknown"),
        tuple("request with a source outside the spec's enum", "validation.request.parameter.schema.enum"),
        tuple("request without credentials", "validation.request.security.missing"),
        tuple("response whose success is a string", "validation.response.body.schema.type"));
  }

  @Test
  void reportsEveryContradictionInTheConfluenceFixture() {
    List<Finding> findings = SpecCheck.check(fixture("confluence.json"), SpecCheck.validator(CONFLUENCE_SPEC));

    assertThat(findings).extracting(Finding::interaction, Finding::key).containsExactlyInAnyOrder(
        tuple("request without the required accountId", "validation.request.parameter.query.missing"),
        tuple("response 200 where the spec documents 204", "validation.response.status.unknown"));
  }

  // ---- spec changes that break the contract the consumer tests wrote ----

  @Test
  void removingThe404FromTheConfluenceSpecFailsThe404Interaction() {
    JsonNode spec = SpecCheck.readSpec(CONFLUENCE_SPEC);
    ((ObjectNode) spec.at(CONFLUENCE_DELETE + "/responses")).remove("404");

    List<Finding> findings = SpecCheck.check(CONFLUENCE_PACT, SpecCheck.validator(spec));

    assertThat(findings).extracting(Finding::interaction, Finding::key).containsExactly(
        tuple("removal of an account that does not exist", "validation.response.status.unknown"));
  }

  @Test
  void renamingAccountIdInTheConfluenceSpecFailsEveryConfluenceInteraction() {
    JsonNode spec = SpecCheck.readSpec(CONFLUENCE_SPEC);
    accountIdParameter(spec).put("name", "userAccountId");

    List<Finding> findings = SpecCheck.check(CONFLUENCE_PACT, SpecCheck.validator(spec));

    // Each interaction lacks the renamed parameter and sends one the spec no longer has.
    assertThat(findings).filteredOn(finding -> finding.key().equals("validation.request.parameter.query.missing"))
        .extracting(Finding::interaction).containsExactlyInAnyOrderElementsOf(descriptions(CONFLUENCE_PACT));
    assertThat(findings).filteredOn(finding -> finding.key().equals("validation.request.parameter.query.unexpected"))
        .extracting(Finding::interaction).containsExactlyInAnyOrderElementsOf(descriptions(CONFLUENCE_PACT));
    assertThat(findings).hasSize(2 * descriptions(CONFLUENCE_PACT).size());
  }

  @Test
  void retypingSuccessInTheCapillarySpecFailsEveryCapillaryRemovalInteraction() {
    JsonNode spec = SpecCheck.readSpec(CAPILLARY_SPEC);
    ((ObjectNode) spec.at(CAPILLARY_RESPONSE_SCHEMA + "/properties/success")).put("type", "string");

    List<Finding> findings = SpecCheck.check(CAPILLARY_PACT, SpecCheck.validator(spec),
        SpecCheck.validator(CAPILLARY_TOKEN_SPEC));

    assertThat(findings).extracting(Finding::interaction).containsExactlyInAnyOrderElementsOf(
        capillaryRemovals());
    assertThat(findings).extracting(Finding::key).containsOnly("validation.response.body.schema.type");
  }

  @Test
  void requiringAFieldTheCapillaryPactsNeverHaveFailsEveryCapillaryRemovalInteraction() {
    JsonNode spec = SpecCheck.readSpec(CAPILLARY_SPEC);
    ((ArrayNode) spec.at(CAPILLARY_RESPONSE_SCHEMA + "/required")).add("requestId");

    List<Finding> findings = SpecCheck.check(CAPILLARY_PACT, SpecCheck.validator(spec),
        SpecCheck.validator(CAPILLARY_TOKEN_SPEC));

    assertThat(findings).extracting(Finding::interaction).containsExactlyInAnyOrderElementsOf(
        capillaryRemovals());
    assertThat(findings).extracting(Finding::key).containsOnly("validation.response.body.schema.required");
  }

  /**
   * Making {@code accountId} optional loosens the spec: every request the consumer sends still conforms, so this
   * check passes. {@code OfficialOperationAgreementTest} in client-confluence is the one that fails on it.
   */
  @Test
  void makingAccountIdOptionalKeepsEveryConfluenceInteractionValid() {
    JsonNode spec = SpecCheck.readSpec(CONFLUENCE_SPEC);
    accountIdParameter(spec).put("required", false);

    assertThat(SpecCheck.check(CONFLUENCE_PACT, SpecCheck.validator(spec))).isEmpty();
  }

  /** The descriptions of the Capillary pact's removals (its token requests left out). */
  private static List<String> capillaryRemovals() {
    return SpecCheck.interactions(CAPILLARY_PACT).stream()
        .filter(interaction -> interaction.asSynchronousRequestResponse().getRequest().getPath().startsWith("/v2/"))
        .map(interaction -> interaction.getDescription()).toList();
  }

  /** The Confluence spec's {@code accountId} query parameter, to be edited in place. */
  private static ObjectNode accountIdParameter(JsonNode spec) {
    for (JsonNode parameter : spec.at(CONFLUENCE_DELETE + "/parameters")) {
      if (parameter.path("name").asText().equals("accountId")) {
        return (ObjectNode) parameter;
      }
    }
    throw new AssertionError("the Confluence spec has no accountId parameter");
  }
}
