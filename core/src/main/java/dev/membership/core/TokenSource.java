package dev.membership.core;

import io.vertx.core.Future;

/**
 * Where a remover gets its OAuth access tokens when the caller keeps them (a secret store, a sidecar): for
 * {@link CapillaryCredentials#oauth(TokenSource)} and {@link ConfluenceCredentials#oauth(TokenSource)}.
 *
 * <p>The remover asks for a token before its first request, again shortly before the token's
 * {@linkplain AccessToken#lifetime() lifetime} ends, and again once when the provider refuses a token (401, or
 * 403) before that refusal counts. It asks one at a time, whatever the concurrency, and bounds each call by the
 * attempt timeout; a failed call fails (and retries) only the attempts waiting for it. Called on a Vert.x event
 * loop: it must not block.
 */
@FunctionalInterface
public interface TokenSource {

  /** The token to send from now on. */
  Future<AccessToken> fetch();
}
