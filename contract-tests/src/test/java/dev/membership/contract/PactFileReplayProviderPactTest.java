package dev.membership.contract;

import static org.assertj.core.api.Assertions.assertThat;

import au.com.dius.pact.core.matchers.Mismatch;
import au.com.dius.pact.core.matchers.ResponseMatching;
import au.com.dius.pact.core.matchers.StatusMismatch;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.IRequest;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.OptionalBody;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.core.model.ProviderState;
import au.com.dius.pact.core.model.Response;
import au.com.dius.pact.core.model.SynchronousRequestResponse;
import au.com.dius.pact.core.model.matchingrules.MatchingRulesImpl;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pact files verified as a verifier of another Pact implementation (or a Broker's webhook) does it, without
 * Pact JVM's verifier, request filter or state methods: for each interaction, its provider states POSTed to the
 * sandbox's state change URL ({@code {"state", "params", "action": "setup"}}), its request sent with plain HTTP
 * exactly as the file holds it — only an {@code Authorization} the pact matches by pattern gets the sandbox's
 * documented default credential, as a verifier's custom header would put it — the answer compared with the pact's
 * response by Pact's own matching rules, then the states torn down.
 */
class PactFileReplayProviderPactTest {

  private static final List<Path> PACT_FILES =
      List.of(Contract.CAPILLARY_PACT, Contract.CONFLUENCE_PACT, Contract.ATLASSIAN_AUTH_PACT);

  @AutoClose
  private static final VerifiedSandbox sandbox = VerifiedSandbox.start();

  /** One interaction of one pact file. */
  record Replayed(String provider, Pact pact, SynchronousRequestResponse interaction) {
    @Override
    public String toString() {
      return provider + ": " + interaction.getDescription();
    }
  }

  static List<Replayed> everyInteraction() {
    List<Replayed> all = new ArrayList<>();
    for (Path file : PACT_FILES) {
      Pact pact = DefaultPactReader.INSTANCE.loadPact(file.toFile());
      for (Interaction interaction : pact.getInteractions()) {
        all.add(new Replayed(pact.getProvider().getName(), pact, interaction.asSynchronousRequestResponse()));
      }
    }
    return all;
  }

  /** The interactions whose states carry credentials as params: those of a token request's body or token header. */
  static Stream<Replayed> interactionsWithCredentialParams() {
    return everyInteraction().stream().filter(replayed -> replayed.interaction().getProviderStates().stream()
        .anyMatch(state -> state.getParams().keySet().stream().anyMatch(credentialParams()::contains)));
  }

  private static Set<String> credentialParams() {
    Set<String> names = new HashSet<>(States.CAPILLARY_CLIENT.keySet());
    names.addAll(States.ATLASSIAN_APP.keySet());
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyInteraction")
  void sandboxSetUpThroughTheStateChangeUrlAloneAnswersTheRequestAsThePactFileHoldsIt(Replayed replayed) {
    List<Mismatch> mismatches = replay(replayed, replayed.interaction().getProviderStates());

    assertThat(mismatches).extracting(Mismatch::description).as(replayed.toString()).isEmpty();
  }

  @Test
  void theInteractionsWithCredentialsInATokenRequestOrTheTokenHeaderAreTheOnesWithCredentialParams() {
    assertThat(interactionsWithCredentialParams()).extracting(Replayed::toString).containsExactlyInAnyOrder(
        "capillary: an access token for the API client's key and secret",
        "capillary: removal with an access token",
        "atlassian-auth: a refresh with the app's current refresh token",
        "atlassian-auth: a refresh with a refresh token that was used or revoked");
  }

  /** What makes the sandbox accept those credentials is the states' params, not anything done to the request. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("interactionsWithCredentialParams")
  void withoutItsStatesCredentialParamsTheSandboxAnswersAnotherStatus(Replayed replayed) {
    List<ProviderState> withoutCredentials = replayed.interaction().getProviderStates().stream()
        .map(state -> {
          Map<String, Object> params = new HashMap<>(state.getParams());
          params.keySet().removeAll(credentialParams());
          return new ProviderState(state.getName(), params);
        })
        .toList();

    List<Mismatch> mismatches = replay(replayed, withoutCredentials);

    assertThat(mismatches).as(replayed.toString()).hasAtLeastOneElementOfType(StatusMismatch.class);
  }

  /** Sets up {@code states}, sends the interaction's request, tears the states down; the answer's mismatches. */
  private static List<Mismatch> replay(Replayed replayed, List<ProviderState> states) {
    states.forEach(state -> sandbox.setUp(state.getName(), state.getParams()));
    try {
      HttpResponse<byte[]> answer = sandbox.send(request(replayed), HttpResponse.BodyHandlers.ofByteArray());
      return ResponseMatching.responseMismatches(replayed.pact(), replayed.interaction(), response(answer));
    } finally {
      states.forEach(state -> sandbox.tearDown(state.getName(), state.getParams()));
    }
  }

  /** The interaction's request as the pact file holds it, but for a pattern-matched {@code Authorization}. */
  private static HttpRequest request(Replayed replayed) {
    IRequest request = replayed.interaction().getRequest();
    StringBuilder uri = new StringBuilder(sandbox.baseUrl()).append(request.getPath());
    String separator = "?";
    for (Map.Entry<String, List<String>> parameter : request.getQuery().entrySet()) {
      for (String value : parameter.getValue()) {
        uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
            .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        separator = "&";
      }
    }
    OptionalBody body = request.getBody();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri.toString()))
        .timeout(Duration.ofSeconds(10))
        .method(request.getMethod(), body.isPresent()
            ? HttpRequest.BodyPublishers.ofByteArray(body.getValue()) : HttpRequest.BodyPublishers.noBody());
    request.getHeaders().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
    VerifiedSandbox.authorization(replayed.provider(), request)
        .ifPresent(credential -> builder.setHeader(VerifiedSandbox.AUTHORIZATION, credential));
    return builder.build();
  }

  /** The sandbox's answer as Pact's model of a response, to be matched against the pact's. */
  private static Response response(HttpResponse<byte[]> answer) {
    String contentType = answer.headers().firstValue("Content-Type").orElse(null);
    OptionalBody body = answer.body().length == 0 ? OptionalBody.empty()
        : OptionalBody.body(answer.body(), contentType == null ? ContentType.getUNKNOWN()
            : new ContentType(contentType));
    return new Response(answer.statusCode(), answer.headers().map(), body, new MatchingRulesImpl());
  }
}
