package dev.membership.sandbox.internal;

import io.vertx.core.json.JsonObject;

/** Both providers' state, replaced as a whole by a reset or {@code PUT /_sandbox/state}. */
record World(CapillaryState capillary, ConfluenceState confluence) {

  static World empty() {
    return new World(new CapillaryState(), new ConfluenceState());
  }

  /** Sets how long the access tokens both token endpoints issue from now on live. */
  void tokenLifetimeSeconds(int seconds) {
    capillary.tokens().lifetimeSeconds(seconds);
    confluence.tokens().lifetimeSeconds(seconds);
  }

  /** Counts only: never a credential. */
  JsonObject summary() {
    return new JsonObject().put("capillary", capillary.summary()).put("confluence", confluence.summary());
  }
}
