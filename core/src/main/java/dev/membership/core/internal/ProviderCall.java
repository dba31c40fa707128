package dev.membership.core.internal;

import dev.membership.core.Membership;
import dev.membership.core.Provider;
import io.vertx.core.Future;

/** One HTTP attempt at removing a membership through a generated client; never retries. */
interface ProviderCall {

  Provider provider();

  /** Sends one attempt; the future never fails, every failure is an {@link Attempt}. */
  Future<Attempt> send(Membership membership);

  /** Removes every credential form this call sends from {@code text}. */
  String redact(String text);

  Future<Void> close();
}
