package dev.membership.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a sandbox counted since it started or its counters were reset ({@code GET /_sandbox/counters}).
 *
 * @param totalRequests every request to a provider endpoint, matched or not
 * @param unmatchedRequests requests that matched no endpoint
 * @param capillary Capillary's counters
 * @param confluence Confluence's counters
 */
public record SandboxCounters(long totalRequests, long unmatchedRequests, ProviderCounters capillary,
    ProviderCounters confluence) {

  /**
   * One provider's counters.
   *
   * @param requests requests to its removal endpoint (its token endpoint's are counted by the last two)
   * @param statuses how many answers of each HTTP status
   * @param connectionResets connections reset by fault injection
   * @param injectedServerErrors 500, 502 and 503 answers of fault injection
   * @param injected429 429 answers of fault injection
   * @param rateLimited429 429 answers of the rate limit
   * @param tokensIssued access tokens issued
   * @param tokensRefused token requests refused
   */
  public record ProviderCounters(long requests, Map<Integer, Long> statuses, long connectionResets,
      long injectedServerErrors, long injected429, long rateLimited429, long tokensIssued, long tokensRefused) {

    public ProviderCounters {
      statuses = Map.copyOf(statuses);
    }

    /** How many answers had {@code status}. */
    public long answered(int status) {
      return statuses.getOrDefault(status, 0L);
    }

    static ProviderCounters fromJson(JsonObject json) {
      Map<Integer, Long> statuses = new TreeMap<>();
      JsonObject byStatus = json.getJsonObject("statuses", new JsonObject());
      for (String status : byStatus.fieldNames()) {
        statuses.put(Integer.parseInt(status), byStatus.getLong(status));
      }
      return new ProviderCounters(json.getLong("requests", 0L), statuses, json.getLong("connectionResets", 0L),
          json.getLong("injectedServerErrors", 0L), json.getLong("injected429", 0L),
          json.getLong("rateLimited429", 0L), json.getLong("tokensIssued", 0L), json.getLong("tokensRefused", 0L));
    }
  }

  /** The counters in the admin API's JSON form. */
  public static SandboxCounters fromJson(JsonObject json) {
    return new SandboxCounters(json.getLong("totalRequests", 0L), json.getLong("unmatchedRequests", 0L),
        ProviderCounters.fromJson(json.getJsonObject("capillary", new JsonObject())),
        ProviderCounters.fromJson(json.getJsonObject("confluence", new JsonObject())));
  }
}
