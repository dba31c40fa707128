package dev.membership.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;

/** Reads the state of a sandbox through its admin API; the demo's only window into it. */
final class SandboxAdmin implements AutoCloseable {

  private final WebClient client;
  private final String baseUrl;

  SandboxAdmin(Vertx vertx, String baseUrl) {
    this.client = WebClient.create(vertx);
    this.baseUrl = baseUrl;
  }

  /** Ids of every Capillary group. */
  List<Long> capillaryGroups() {
    return get("/_sandbox/capillary/groups").getJsonArray("groups").stream()
        .map(group -> ((JsonObject) group).getLong("groupId")).toList();
  }

  /** The customers in a Capillary group, each as the admin API describes it (id, source, mobile, …). */
  List<JsonObject> capillaryMembers(long groupId) {
    return get("/_sandbox/capillary/groups/" + groupId + "/members").getJsonArray("members").stream()
        .map(JsonObject.class::cast).toList();
  }

  /** Every Confluence group: id and name. */
  List<JsonObject> confluenceGroups() {
    return get("/_sandbox/confluence/groups").getJsonArray("groups").stream().map(JsonObject.class::cast).toList();
  }

  /** The account ids in a Confluence group. */
  List<String> confluenceMembers(String groupId) {
    JsonArray members = get("/_sandbox/confluence/groups/" + java.net.URLEncoder.encode(groupId,
        java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "/members").getJsonArray("members");
    return members.stream().map(String.class::cast).toList();
  }

  private JsonObject get(String path) {
    Future<JsonObject> body = client.getAbs(baseUrl + path).send().map(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("sandbox admin API answered " + response.statusCode() + " to GET " + path);
      }
      return response.bodyAsJsonObject();
    });
    return Await.result(body);
  }

  @Override
  public void close() {
    client.close();
  }
}
