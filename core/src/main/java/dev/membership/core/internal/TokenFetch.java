package dev.membership.core.internal;

import dev.membership.core.AccessToken;
import io.vertx.core.Future;

/**
 * Where one provider's access tokens come from, as {@link AccessTokens} asks for them: one call at a time, the next
 * only once the one before has completed.
 */
interface TokenFetch {

  /** The next token; fails with {@link TokenRefusedException} if the credentials were refused. */
  Future<AccessToken> fetch();

  /**
   * The keeper stopped waiting for the call in flight: a source whose requests lose nothing when cut off resets
   * it, so that the next call can start; one whose answer must not be lost lets it run (and bounds it itself).
   */
  default void abort() {}

  /** Releases what the source holds (a connection pool), once nothing in flight must be kept. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
