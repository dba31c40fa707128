package dev.membership.core.internal;

import dev.membership.core.AccessToken;
import io.vertx.core.Future;

/** Where one provider's access tokens come from, as {@link AccessTokens} asks for them: one call at a time. */
interface TokenFetch {

  /** The next token; fails with {@link TokenRefusedException} if the credentials were refused. */
  Future<AccessToken> fetch();

  /** Resets the request of the fetch in flight, if any: the keeper gave up on it. */
  default void abort() {}

  /** Releases what the source holds (a connection pool). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
