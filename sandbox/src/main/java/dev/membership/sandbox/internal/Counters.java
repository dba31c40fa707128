package dev.membership.sandbox.internal;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/** What the sandbox answered, per provider and status, cheap to bump from every event loop at once. */
final class Counters {

  private static final int STATUSES = 600;
  private static final int PROVIDERS = Provider.values().length;

  private final LongAdder[][] statuses = new LongAdder[PROVIDERS][STATUSES];
  private final LongAdder[] requests = adders();
  private final LongAdder[] resets = adders();
  private final LongAdder[] injected429 = adders();
  private final LongAdder[] rateLimited429 = adders();
  private final LongAdder[] injectedServerErrors = adders();
  private final LongAdder[] tokensIssued = adders();
  private final LongAdder[] tokensRefused = adders();
  private final LongAdder unmatched = new LongAdder();

  Counters() {
    for (LongAdder[] row : statuses) {
      for (int i = 0; i < STATUSES; i++) {
        row[i] = new LongAdder();
      }
    }
  }

  void request(Provider provider) {
    requests[provider.ordinal()].increment();
  }

  void answered(Provider provider, int status) {
    statuses[provider.ordinal()][status].increment();
  }

  void reset(Provider provider) {
    resets[provider.ordinal()].increment();
  }

  void injected429(Provider provider) {
    injected429[provider.ordinal()].increment();
  }

  void rateLimited(Provider provider) {
    rateLimited429[provider.ordinal()].increment();
  }

  void injectedServerError(Provider provider) {
    injectedServerErrors[provider.ordinal()].increment();
  }

  void tokenIssued(Provider provider) {
    tokensIssued[provider.ordinal()].increment();
  }

  void tokenRefused(Provider provider) {
    tokensRefused[provider.ordinal()].increment();
  }

  void unmatched() {
    unmatched.increment();
  }

  /** Zeroes every counter (not atomically with concurrent requests; callers reset while quiet). */
  void zero() {
    for (LongAdder[] row : statuses) {
      for (LongAdder adder : row) {
        adder.reset();
      }
    }
    for (LongAdder[] group : new LongAdder[][] {requests, resets, injected429, rateLimited429, injectedServerErrors,
        tokensIssued, tokensRefused}) {
      for (LongAdder adder : group) {
        adder.reset();
      }
    }
    unmatched.reset();
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    long unmatchedRequests = unmatched.sum();
    long total = unmatchedRequests;
    for (Provider provider : Provider.values()) {
      int p = provider.ordinal();
      JsonObject byStatus = new JsonObject();
      for (int status = 0; status < STATUSES; status++) {
        long count = statuses[p][status].sum();
        if (count > 0) {
          byStatus.put(Integer.toString(status), count);
        }
      }
      long providerRequests = requests[p].sum();
      total += providerRequests;
      json.put(provider.key(), new JsonObject()
          .put("requests", providerRequests)
          .put("statuses", byStatus)
          .put("connectionResets", resets[p].sum())
          .put("injectedServerErrors", injectedServerErrors[p].sum())
          .put("injected429", injected429[p].sum())
          .put("rateLimited429", rateLimited429[p].sum())
          .put("tokensIssued", tokensIssued[p].sum())
          .put("tokensRefused", tokensRefused[p].sum()));
    }
    return new JsonObject().put("totalRequests", total).put("unmatchedRequests", unmatchedRequests).mergeIn(json);
  }

  private static LongAdder[] adders() {
    LongAdder[] adders = new LongAdder[PROVIDERS];
    for (int i = 0; i < PROVIDERS; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }
}
