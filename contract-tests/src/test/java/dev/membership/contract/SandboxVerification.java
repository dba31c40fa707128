package dev.membership.contract;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.vertx.core.json.JsonObject;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What verifying either provider's pact against an embedded sandbox takes: the sandbox for the class, the pacts
 * the consumer tests wrote (where the POM's {@code pact.rootDir} says), and each interaction replayed with the
 * sandbox's own credentials instead of the pact's fake ones. Interactions marked pending (see
 * {@link VerifiedSandbox#KNOWN_PENDING}) are skipped, and reported as skipped. A subclass names its provider and
 * forwards its states to {@link #sandbox}.
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

  /**
   * Puts the sandbox's own credentials where the pact has its fake ones: the {@code Authorization} header, an
   * access token header, a token request's body.
   */
  abstract void authenticate(HttpRequest request);

  @BeforeEach
  void target(PactVerificationContext context) {
    assumeFalse(VerifiedSandbox.isKnownPending(context.getInteraction()),
        "pending interaction (see VerifiedSandbox.KNOWN_PENDING)");
    context.setTarget(sandbox.target());
  }

  /** Replaces the body of {@code request} (a token request) with {@code body}. */
  static void jsonBody(HttpRequest request, JsonObject body) {
    ((ClassicHttpRequest) request).setEntity(new StringEntity(body.encode(), ContentType.APPLICATION_JSON));
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void sandboxAnswersAsThePactExpects(PactVerificationContext context, HttpRequest request) {
    authenticate(request);
    context.verifyInteraction();
  }
}
