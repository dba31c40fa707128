package dev.membership.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import au.com.dius.pact.core.model.IRequest;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What verifying a provider's pact against an embedded sandbox takes: the sandbox for the class, the pacts the
 * consumer tests wrote (where the POM's {@code pact.rootDir} says), and each interaction replayed as the pact
 * holds it, the provider states alone making the sandbox accept its credentials; only an {@code Authorization}
 * the pact matches by pattern gets the sandbox's default credential ({@link VerifiedSandbox#authorization}).
 * Interactions marked pending (see {@link VerifiedSandbox#KNOWN_PENDING}) are skipped, and reported as skipped. A
 * subclass names its provider and forwards its states to {@link #sandbox}.
 */
@PactFolder("${pact.rootDir:target/pacts}")
abstract class SandboxVerification {

  static VerifiedSandbox sandbox;

  @BeforeAll
  static void startSandbox() {
    sandbox = VerifiedSandbox.start();
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void target(PactVerificationContext context) {
    assumeFalse(VerifiedSandbox.isKnownPending(context.getInteraction()),
        "pending interaction (see VerifiedSandbox.KNOWN_PENDING)");
    context.setTarget(sandbox.target());
  }

  /**
   * Puts the default credential in place of a pattern-matched {@code Authorization}, checks that the request
   * about to be sent is otherwise the pact's own (no body or token header rewritten), and verifies.
   */
  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void sandboxAnswersThePactsRequestAsItStands(PactVerificationContext context, HttpRequest request)
      throws IOException, ParseException {
    IRequest expected = context.getInteraction().asSynchronousRequestResponse().getRequest();
    VerifiedSandbox.authorization(context.getProviderInfo().getName(), expected)
        .ifPresent(credential -> request.setHeader(VerifiedSandbox.AUTHORIZATION, credential));

    // Values stay out of the messages: they may be credentials, if only a pact's examples.
    Map<String, List<String>> headers = headersBesidesAuthorization(request);
    Map<String, List<String>> pactHeaders = headersBesidesAuthorization(expected.getHeaders());
    assertThat(headers).withFailMessage("headers %s sent where the pact has %s, with these values or others",
        headers.keySet(), pactHeaders.keySet()).isEqualTo(pactHeaders);
    assertThat(body(request)).withFailMessage("the body sent is not the pact's")
        .isEqualTo(expected.getBody().isPresent() ? expected.getBody().valueAsString() : "");
    context.verifyInteraction();
  }

  private static Map<String, List<String>> headersBesidesAuthorization(HttpRequest request) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Header header : request.getHeaders()) {
      headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
    }
    return headersBesidesAuthorization(headers);
  }

  private static Map<String, List<String>> headersBesidesAuthorization(Map<String, List<String>> headers) {
    Map<String, List<String>> besides = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    besides.putAll(headers);
    besides.remove(VerifiedSandbox.AUTHORIZATION);
    return besides;
  }

  private static String body(HttpRequest request) throws IOException, ParseException {
    return request instanceof ClassicHttpRequest classic && classic.getEntity() != null
        ? EntityUtils.toString(classic.getEntity()) : "";
  }
}
