package dev.membership.contract;

import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.core.model.SynchronousRequestResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.pact.PactRequest;
import com.atlassian.oai.validator.pact.PactResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates every interaction of a pact file against an OpenAPI spec with swagger-request-validator. Its
 * {@code PactProviderValidator} does not run on Pact 4.7, so this reads the pact with Pact's own reader and hands
 * each request/response pair to {@link OpenApiInteractionValidator}.
 */
final class SpecCheck {

  /**
   * One ERROR-level message about one interaction.
   *
   * @param interaction the interaction's description
   * @param key the validator's message key, e.g. {@code validation.response.status.unknown}
   * @param message the validator's message
   */
  record Finding(String interaction, String key, String message) {
    @Override
    public String toString() {
      return "\"" + interaction + "\": " + key + " (" + message + ")";
    }
  }

  /**
   * The levels of {@code PactLevelResolverFactory} but one: a response without a body is not reported (an
   * expected Pact response may leave the body out, and Confluence has none), while a body missing a property the
   * schema requires is — unlike that factory, which lowers it to INFO — because these pacts pin whole bodies.
   */
  static final LevelResolver LEVELS = LevelResolver.create()
      .withLevel("validation.response.body.missing", ValidationReport.Level.INFO)
      .build();

  private static final Set<String> OPERATIONS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecCheck() {}

  /** A validator for the spec file {@code spec}. */
  static OpenApiInteractionValidator validator(Path spec) {
    return validator(readSpec(spec));
  }

  /** A validator for a spec held in memory, e.g. an edited copy of one from {@link #readSpec(Path)}. */
  static OpenApiInteractionValidator validator(JsonNode spec) {
    try {
      return OpenApiInteractionValidator
          .createForInlineApiSpecification(JSON.writeValueAsString(withOperationSecurity(spec)))
          .withLevelResolver(LEVELS)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of {@code spec} in which every operation without its own {@code security} carries the document's
   * top-level one. OpenAPI applies the top-level requirement to such operations, but the validator reads only an
   * operation's own, so a pact without credentials would pass against the Capillary spec, whose requirement is
   * top-level.
   */
  static JsonNode withOperationSecurity(JsonNode spec) {
    JsonNode copy = spec.deepCopy();
    JsonNode security = copy.get("security");
    if (security == null) {
      return copy;
    }
    for (JsonNode pathItem : copy.path("paths")) {
      pathItem.fields().forEachRemaining(entry -> {
        if (OPERATIONS.contains(entry.getKey()) && entry.getValue() instanceof ObjectNode operation
            && !operation.has("security")) {
          operation.set("security", security.deepCopy());
        }
      });
    }
    return copy;
  }

  /** The spec file {@code spec} as a tree, to be edited. */
  static JsonNode readSpec(Path spec) {
    try {
      return YAML.readTree(spec.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The interactions of {@code pactFile}. */
  static List<Interaction> interactions(Path pactFile) {
    Pact pact = DefaultPactReader.INSTANCE.loadPact(pactFile.toFile());
    return pact.getInteractions();
  }

  /** The validator's key for a request whose path the spec does not have. */
  static final String PATH_MISSING = "validation.request.path.missing";

  /**
   * Every ERROR-level finding for every interaction of {@code pactFile}, each checked against the first of
   * {@code validators} whose spec has its path (a provider's operations may be spread over several specs, as
   * Capillary's removal and token endpoints are); empty if they all agree.
   */
  static List<Finding> check(Path pactFile, OpenApiInteractionValidator... validators) {
    List<Finding> findings = new ArrayList<>();
    for (Interaction interaction : interactions(pactFile)) {
      SynchronousRequestResponse exchange = interaction.asSynchronousRequestResponse();
      if (exchange == null) {
        findings.add(new Finding(interaction.getDescription(), "pact.interaction.notHttp",
            "only HTTP request/response interactions can be checked against an OpenAPI spec"));
        continue;
      }
      ValidationReport report = null;
      for (OpenApiInteractionValidator validator : validators) {
        report = validator.validate(PactRequest.of(exchange.getRequest()), PactResponse.of(exchange.getResponse()));
        if (report.getMessages().stream().noneMatch(message -> message.getKey().equals(PATH_MISSING))) {
          break;
        }
      }
      for (ValidationReport.Message message : report.getMessages()) {
        if (message.getLevel() == ValidationReport.Level.ERROR) {
          findings.add(new Finding(interaction.getDescription(), message.getKey(), message.getMessage()));
        }
      }
    }
    return findings;
  }
}
