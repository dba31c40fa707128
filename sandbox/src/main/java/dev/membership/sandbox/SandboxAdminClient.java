package dev.membership.sandbox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A client of a sandbox's admin API ({@code /_sandbox/...}, see the module's README), for tests, demos and
 * benchmarks that drive a sandbox in this process or another: reset it, set faults and the rate limit, read
 * members and counters. Every method sends one request and completes when the sandbox has answered; an answer
 * other than 2xx fails it with an {@link IllegalStateException} naming the method, path and status.
 */
public final class SandboxAdminClient implements AutoCloseable {

  private final HttpClient client;
  private final Context context;
  private final String baseUrl;

  private SandboxAdminClient(Vertx vertx, String baseUrl) {
    this.client = vertx.createHttpClient();
    this.context = vertx.getOrCreateContext();
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /** A client of the sandbox at {@code baseUrl} (as {@link Sandbox#baseUrl()} gives it). */
  public static SandboxAdminClient create(Vertx vertx, String baseUrl) {
    Objects.requireNonNull(vertx, "vertx == null");
    Objects.requireNonNull(baseUrl, "baseUrl == null");
    return new SandboxAdminClient(vertx, baseUrl);
  }

  /** Puts the state back as the seed describes it; faults, rate limit and counters too. */
  public Future<Void> reset() {
    return call(HttpMethod.POST, "/_sandbox/reset", null).mapEmpty();
  }

  /** Injects {@code faults} from now on ({@link FaultSettings#none()}: none). */
  public Future<Void> faults(FaultSettings faults) {
    return call(HttpMethod.PUT, "/_sandbox/faults", faults.toJson()).mapEmpty();
  }

  /** Applies {@code limit} from now on, every bucket and quota afresh ({@link SandboxRateLimit#off()}: none). */
  public Future<Void> rateLimit(SandboxRateLimit limit) {
    return (limit.equals(SandboxRateLimit.off()) ? call(HttpMethod.DELETE, "/_sandbox/rate-limit", null)
        : call(HttpMethod.PUT, "/_sandbox/rate-limit", limit.toJson())).mapEmpty();
  }

  /** What the sandbox counted. */
  public Future<SandboxCounters> counters() {
    return call(HttpMethod.GET, "/_sandbox/counters", null).map(SandboxCounters::fromJson);
  }

  /** Zeroes the counters. */
  public Future<Void> resetCounters() {
    return call(HttpMethod.DELETE, "/_sandbox/counters", null).mapEmpty();
  }

  /** Ids of every Capillary group. */
  public Future<List<Long>> capillaryGroups() {
    return call(HttpMethod.GET, "/_sandbox/capillary/groups", null).map(body -> body.getJsonArray("groups")
        .stream().map(group -> ((JsonObject) group).getLong("groupId")).toList());
  }

  /** The customers in a Capillary group, each as the admin API describes it (id, source, mobile, ...). */
  public Future<List<JsonObject>> capillaryMembers(long groupId) {
    return call(HttpMethod.GET, "/_sandbox/capillary/groups/" + groupId + "/members", null)
        .map(body -> body.getJsonArray("members").stream().map(JsonObject.class::cast).toList());
  }

  /** Every Confluence group: id and name. */
  public Future<List<JsonObject>> confluenceGroups() {
    return call(HttpMethod.GET, "/_sandbox/confluence/groups", null)
        .map(body -> body.getJsonArray("groups").stream().map(JsonObject.class::cast).toList());
  }

  /** The account ids in a Confluence group. */
  public Future<List<String>> confluenceMembers(String groupId) {
    String path = "/_sandbox/confluence/groups/"
        + URLEncoder.encode(groupId, StandardCharsets.UTF_8).replace("+", "%20") + "/members";
    return call(HttpMethod.GET, path, null)
        .map(body -> body.getJsonArray("members").stream().map(String.class::cast).toList());
  }

  /** Closes the client's connections. */
  @Override
  public void close() {
    client.close();
  }

  /**
   * Sends one request from the client's context, so that each step's callback runs on its event loop as the step
   * ends: called from another thread, the response could end before its body is asked for, and the call never
   * complete.
   */
  private Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(baseUrl + path);
    Promise<JsonObject> answered = Promise.promise();
    context.runOnContext(ignored -> client.request(options)
        .compose(request -> body == null ? request.send() : request.putHeader("Content-Type", "application/json")
            .send(body.toBuffer()))
        .compose(response -> response.body().map(content -> answer(method, path, response, content)))
        .onComplete(answered));
    return answered.future();
  }

  private static JsonObject answer(HttpMethod method, String path, HttpClientResponse response, Buffer content) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("the sandbox's admin API answered " + response.statusCode() + " to "
          + method + " " + path);
    }
    return content.length() == 0 ? new JsonObject() : content.toJsonObject();
  }
}
