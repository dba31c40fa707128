package dev.membership.contract;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import org.apache.hc.core5.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What verifying either provider's pact against an embedded sandbox takes: the sandbox for the class, the pacts
 * the consumer tests wrote (where the POM's {@code pact.rootDir} says), and each interaction replayed with the
 * sandbox's own credential instead of the pact's fake one. Interactions marked pending (see
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

  /** The {@code Authorization} value the sandbox accepts for this provider. */
  abstract String authorization();

  @BeforeEach
  void target(PactVerificationContext context) {
    assumeFalse(VerifiedSandbox.isKnownPending(context.getInteraction()),
        "pending interaction (see VerifiedSandbox.KNOWN_PENDING)");
    context.setTarget(sandbox.target());
  }

  @TestTemplate
  @ExtendWith(PactVerificationInvocationContextProvider.class)
  void sandboxAnswersAsThePactExpects(PactVerificationContext context, HttpRequest request) {
    request.setHeader("Authorization", authorization());
    context.verifyInteraction();
  }
}
