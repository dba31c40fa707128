package dev.membership.sandbox.internal;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Every request of every server instance: the provider endpoints, behind fault injection and then the rate limit
 * (whose quota, if set, the endpoint announces on the answer, served or refused), and the token endpoints and the
 * admin API, which neither touches. Nothing here logs per request.
 */
final class SandboxHandler implements Handler<HttpServerRequest> {

  private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain");

  private final SandboxRuntime runtime;
  private final AdminApi admin;
  private final CapillaryEndpoint capillary;
  private final ConfluenceEndpoint confluence;
  private final TokenEndpoints tokens;

  SandboxHandler(SandboxRuntime runtime) {
    this.runtime = runtime;
    this.admin = new AdminApi(runtime);
    this.capillary = new CapillaryEndpoint(runtime.counters());
    this.confluence = new ConfluenceEndpoint(runtime.counters());
    this.tokens = new TokenEndpoints(runtime);
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    Endpoint endpoint = CapillaryEndpoint.matches(path) ? capillary
        : ConfluenceEndpoint.matches(path) ? confluence
        : null;
    if (endpoint == null) {
      if (TokenEndpoints.matches(path)) {
        tokens.handle(request);
      } else if (path.startsWith(AdminApi.PREFIX)) {
        admin.handle(request);
      } else {
        runtime.counters().unmatched();
        request.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end();
      }
      return;
    }
    runtime.counters().request(endpoint.provider());
    // The fault is drawn before anything is looked at, so an injected failure never changes the state.
    FaultInjector.Decision decision = runtime.faults().next();
    if (decision.delayMs() > 0) {
      runtime.vertx().setTimer(decision.delayMs(), timer -> answer(request, endpoint, decision.fault()));
    } else {
      answer(request, endpoint, decision.fault());
    }
  }

  private void answer(HttpServerRequest request, Endpoint endpoint, FaultInjector.Fault fault) {
    if (request.response().closed()) {
      return;
    }
    Provider provider = endpoint.provider();
    Counters counters = runtime.counters();
    switch (fault) {
      case NONE -> {
        RateLimiter.Verdict verdict = runtime.rateLimiter().acquire(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (verdict.quota() != null) {
          endpoint.announceQuota(request, verdict.quota());
        }
        if (verdict.refused()) {
          counters.rateLimited(provider);
          endpoint.rateLimited(request, verdict);
        } else {
          endpoint.serve(request, runtime.world());
        }
      }
      case ERROR_500 -> serverError(request, endpoint, 500);
      case ERROR_502 -> serverError(request, endpoint, 502);
      case ERROR_503 -> serverError(request, endpoint, 503);
      case TOO_MANY_REQUESTS -> {
        counters.injected429(provider);
        endpoint.injectedTooManyRequests(request, runtime.faults().settings().retryAfterSeconds());
      }
      case RESET -> {
        counters.reset(provider);
        Connections.abort(request);
      }
    }
  }

  private void serverError(HttpServerRequest request, Endpoint endpoint, int status) {
    runtime.counters().injectedServerError(endpoint.provider());
    endpoint.serverError(request, status);
  }
}
