package dev.membership.core.internal;

import dev.membership.client.support.RenewableConnections;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/** One HTTP attempt at removing a membership through a generated client; never retries. */
interface ProviderCall {

  Provider provider();

  /** Sends one attempt; {@code answer} gets what it came to, every failure included, once. */
  void send(Membership membership, Handler<Attempt> answer);

  /** The connections attempts go out over, to be renewed when an attempt is given up on. */
  RenewableConnections connections();

  /** Removes every credential form this call sends from {@code text}. */
  String redact(String text);

  Future<Void> close();
}
