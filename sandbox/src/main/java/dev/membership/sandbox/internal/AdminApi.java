package dev.membership.sandbox.internal;

import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.SandboxRateLimit;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The JSON admin API under {@code /_sandbox/}: the only way tests and the demo set up state, faults and the rate
 * limit, and read members and counters. It needs no provider credential and answers loopback clients only. Each
 * endpoint is one line of {@link #routes()}; an action's exceptions become answers: {@link
 * IllegalArgumentException} and a JSON value of the wrong type → 400, {@link NoSuchElementException} → 404,
 * {@link IllegalStateException} → 409, {@link UnsupportedOperationException} → 501.
 */
final class AdminApi {

  static final String PREFIX = "/_sandbox/";

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  /** One admin call: the path's {@code {name}} segments (percent-decoded), the query parameters and the body. */
  record Call(Map<String, String> params, MultiMap query, Buffer body) {

    String param(String name) {
      return params.get(name);
    }

    /** The body as a JSON object; an empty body is an empty object. */
    JsonObject json() {
      if (body.length() == 0) {
        return new JsonObject();
      }
      try {
        return new JsonObject(body);
      } catch (DecodeException | ClassCastException e) {
        // The parser's message may quote the body, which can hold credentials: say nothing of its content.
        throw new IllegalArgumentException("the body is not a JSON object");
      }
    }

    long capillaryGroupId() {
      return positiveLong(param("groupId"), "groupId");
    }
  }

  /** An answer: a status and a JSON body (none for 204). */
  record Reply(int status, JsonObject body) {

    static Future<Reply> ok(JsonObject body) {
      return Future.succeededFuture(new Reply(200, body));
    }

    static Future<Reply> created(boolean created, JsonObject body) {
      return Future.succeededFuture(new Reply(created ? 201 : 200, body));
    }

    static Future<Reply> noContent() {
      return Future.succeededFuture(new Reply(204, null));
    }
  }

  @FunctionalInterface
  interface Action {
    Future<Reply> apply(Call call);
  }

  private record Route(HttpMethod method, String[] segments, Action action) {}

  private final SandboxRuntime runtime;
  private final ProviderStates providerStates;
  private final List<Route> routes;

  AdminApi(SandboxRuntime runtime) {
    this.runtime = runtime;
    this.providerStates = new ProviderStates(runtime);
    this.routes = routes();
  }

  private List<Route> routes() {
    List<Route> list = new ArrayList<>();
    add(list, HttpMethod.POST, "/_sandbox/reset", call -> runtime.reset().map(world -> new Reply(200, status())));
    add(list, HttpMethod.GET, "/_sandbox/state", call -> Reply.ok(runtime.world().summary()));
    add(list, HttpMethod.PUT, "/_sandbox/state",
        call -> runtime.replace(call.json()).map(world -> new Reply(200, world.summary())));

    add(list, HttpMethod.GET, "/_sandbox/faults", call -> Reply.ok(runtime.faults().settings().toJson()));
    add(list, HttpMethod.PUT, "/_sandbox/faults", call -> setFaults(FaultSettings.fromJson(call.json())));
    add(list, HttpMethod.DELETE, "/_sandbox/faults", call -> setFaults(FaultSettings.none()));
    add(list, HttpMethod.GET, "/_sandbox/rate-limit", call -> Reply.ok(runtime.rateLimiter().limit().toJson()));
    add(list, HttpMethod.PUT, "/_sandbox/rate-limit", call -> setRateLimit(SandboxRateLimit.fromJson(call.json())));
    add(list, HttpMethod.DELETE, "/_sandbox/rate-limit", call -> setRateLimit(SandboxRateLimit.off()));
    add(list, HttpMethod.GET, "/_sandbox/counters", call -> Reply.ok(runtime.counters().toJson()));
    add(list, HttpMethod.DELETE, "/_sandbox/counters", call -> {
      runtime.counters().zero();
      return Reply.ok(runtime.counters().toJson());
    });

    add(list, HttpMethod.GET, "/_sandbox/capillary/groups",
        call -> Reply.ok(new JsonObject().put("groups", capillary().groupsJson())));
    add(list, HttpMethod.PUT, "/_sandbox/capillary/groups/{groupId}", this::createCapillaryGroup);
    add(list, HttpMethod.DELETE, "/_sandbox/capillary/groups/{groupId}", call -> {
      capillary().deleteGroup(call.capillaryGroupId());
      return Reply.noContent();
    });
    add(list, HttpMethod.GET, "/_sandbox/capillary/groups/{groupId}/members", this::capillaryMembers);
    add(list, HttpMethod.POST, "/_sandbox/capillary/groups/{groupId}/members", this::addCapillaryMember);
    add(list, HttpMethod.DELETE, "/_sandbox/capillary/groups/{groupId}/members/{customerId}", call -> {
      capillary().removeMember(call.capillaryGroupId(), positiveLong(call.param("customerId"), "customerId"));
      return Reply.noContent();
    });
    add(list, HttpMethod.POST, "/_sandbox/capillary/customers", call -> {
      CapillaryState.Resolved resolved = capillary().resolveOrCreate(call.json());
      return Reply.created(resolved.created(),
          new JsonObject().put("customer", resolved.customer().toJson()).put("created", resolved.created()));
    });
    add(list, HttpMethod.POST, "/_sandbox/capillary/credentials", call -> {
      SeedLoader.addCapillaryCredential(capillary(), call.json());
      return Reply.noContent();
    });

    add(list, HttpMethod.GET, "/_sandbox/confluence/groups",
        call -> Reply.ok(new JsonObject().put("groups", confluence().groupsJson())));
    add(list, HttpMethod.PUT, "/_sandbox/confluence/groups/{groupId}", this::createConfluenceGroup);
    add(list, HttpMethod.DELETE, "/_sandbox/confluence/groups/{groupId}", call -> {
      confluence().deleteGroup(call.param("groupId"));
      return Reply.noContent();
    });
    add(list, HttpMethod.GET, "/_sandbox/confluence/groups/{groupId}/members", this::confluenceMembers);
    add(list, HttpMethod.POST, "/_sandbox/confluence/groups/{groupId}/members", this::addConfluenceMember);
    add(list, HttpMethod.DELETE, "/_sandbox/confluence/groups/{groupId}/members/{accountId}", call -> {
      confluence().removeMember(call.param("groupId"), call.param("accountId"));
      return Reply.noContent();
    });
    add(list, HttpMethod.POST, "/_sandbox/confluence/accounts", call -> {
      JsonObject body = call.json();
      String accountId = body.getString("accountId");
      boolean created = confluence().addAccount(accountId);
      return Reply.created(created, new JsonObject().put("accountId", accountId).put("created", created));
    });
    add(list, HttpMethod.POST, "/_sandbox/confluence/users", call -> {
      SeedLoader.addConfluenceUser(confluence(), call.json());
      return Reply.noContent();
    });

    add(list, HttpMethod.GET, "/_sandbox/oauth", call -> Reply.ok(oauth()));
    add(list, HttpMethod.PUT, "/_sandbox/oauth", call -> {
      JsonObject body = call.json();
      allowOnly(body, "tokenLifetimeSeconds");
      Integer seconds = body.getInteger("tokenLifetimeSeconds");
      if (seconds == null) {
        throw new IllegalArgumentException("tokenLifetimeSeconds is required");
      }
      runtime.world().tokenLifetimeSeconds(seconds);
      return Reply.ok(oauth());
    });
    add(list, HttpMethod.POST, "/_sandbox/oauth/revoke", call -> {
      JsonObject body = call.json();
      allowOnly(body, "provider");
      String provider = body.getString("provider");
      if (provider != null && !provider.equals("capillary") && !provider.equals("confluence")) {
        throw new IllegalArgumentException("provider must be capillary or confluence");
      }
      if (provider == null || provider.equals("capillary")) {
        capillary().revokeOAuth();
      }
      if (provider == null || provider.equals("confluence")) {
        confluence().revokeOAuth();
      }
      return Reply.noContent();
    });
    add(list, HttpMethod.POST, "/_sandbox/capillary/oauth-clients", call -> {
      SeedLoader.addCapillaryOAuthClient(capillary(), call.json());
      return Reply.noContent();
    });
    add(list, HttpMethod.POST, "/_sandbox/confluence/oauth-apps", call -> {
      SeedLoader.addConfluenceOAuthApp(confluence(), call.json());
      return Reply.noContent();
    });

    add(list, HttpMethod.POST, "/_sandbox/provider-states", this::changeProviderState);
    return List.copyOf(list);
  }

  void handle(HttpServerRequest request) {
    if (!fromLoopback(request.remoteAddress())) {
      reply(request, new Reply(403, error("the admin API answers loopback clients only")));
      return;
    }
    String[] segments = request.path().split("/", -1);
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> params = match(route.segments, segments);
      if (params == null) {
        continue;
      }
      pathKnown = true;
      if (route.method.equals(request.method())) {
        request.body()
            .compose(body -> {
              try {
                return route.action.apply(new Call(params, request.params(), body));
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            })
            .onComplete(result -> reply(request, result.succeeded() ? result.result() : failure(result.cause())));
        return;
      }
    }
    reply(request, new Reply(pathKnown ? 405 : 404,
        error(pathKnown ? "method not allowed here" : "no such admin endpoint")));
  }

  // ---- actions ----

  private JsonObject oauth() {
    return new JsonObject().put("tokenLifetimeSeconds", capillary().tokens().lifetimeSeconds());
  }

  private static void allowOnly(JsonObject body, String field) {
    for (String name : body.fieldNames()) {
      if (!name.equals(field)) {
        throw new IllegalArgumentException("unknown field " + name + " (allowed: " + field + ")");
      }
    }
  }

  private Future<Reply> setFaults(FaultSettings settings) {
    runtime.faults().set(settings);
    return Reply.ok(settings.toJson());
  }

  private Future<Reply> setRateLimit(SandboxRateLimit limit) {
    runtime.rateLimiter().set(limit);
    return Reply.ok(limit.toJson());
  }

  /**
   * Pact's state change request: {@code {"state", "params", "action"}} as JSON, or (a verifier's
   * {@code stateChangeUsesBody=false}) {@code ?state=…&action=…&name=value…} with no body.
   */
  private Future<Reply> changeProviderState(Call call) {
    String state;
    JsonObject params;
    String action;
    if (call.body().length() > 0) {
      JsonObject json = call.json();
      state = json.getString("state");
      params = json.getJsonObject("params");
      action = json.getString("action");
    } else {
      state = call.query().get("state");
      action = call.query().get("action");
      params = new JsonObject();
      for (Map.Entry<String, String> entry : call.query()) {
        if (!entry.getKey().equals("state") && !entry.getKey().equals("action")) {
          params.put(entry.getKey(), entry.getValue());
        }
      }
    }
    return providerStates.change(state, params, action).map(answer -> new Reply(200, answer));
  }

  private Future<Reply> createCapillaryGroup(Call call) {
    long groupId = call.capillaryGroupId();
    boolean created = capillary().createGroup(groupId);
    List<CapillaryState.Customer> members = capillary().members(groupId);
    return Reply.created(created, new JsonObject().put("groupId", groupId)
        .put("members", members == null ? 0 : members.size()).put("created", created));
  }

  private Future<Reply> capillaryMembers(Call call) {
    long groupId = call.capillaryGroupId();
    List<CapillaryState.Customer> members = capillary().members(groupId);
    if (members == null) {
      throw new NoSuchElementException("no Capillary group " + groupId);
    }
    JsonArray array = new JsonArray();
    members.forEach(customer -> array.add(customer.toJson()));
    return Reply.ok(new JsonObject().put("groupId", groupId).put("members", array));
  }

  private Future<Reply> addCapillaryMember(Call call) {
    long groupId = call.capillaryGroupId();
    CapillaryState.Resolved resolved = capillary().resolveOrCreate(call.json());
    boolean added = capillary().addMember(groupId, resolved.customer().id());
    return Reply.ok(new JsonObject().put("groupId", groupId).put("customer", resolved.customer().toJson())
        .put("customerCreated", resolved.created()).put("added", added));
  }

  private Future<Reply> createConfluenceGroup(Call call) {
    String groupId = call.param("groupId");
    String name = call.json().getString("name");
    boolean created = confluence().createGroup(groupId, name);
    return Reply.created(created, new JsonObject().put("groupId", groupId)
        .put("name", confluence().groupName(groupId)).put("members", confluence().members(groupId).size())
        .put("created", created));
  }

  private Future<Reply> confluenceMembers(Call call) {
    String groupId = call.param("groupId");
    List<String> members = confluence().members(groupId);
    if (members == null) {
      throw new NoSuchElementException("no Confluence group " + groupId);
    }
    return Reply.ok(new JsonObject().put("groupId", groupId).put("name", confluence().groupName(groupId))
        .put("members", new JsonArray(new ArrayList<>(members))));
  }

  private Future<Reply> addConfluenceMember(Call call) {
    String groupId = call.param("groupId");
    String accountId = call.json().getString("accountId");
    boolean added = confluence().addMember(groupId, accountId);
    return Reply.ok(new JsonObject().put("groupId", groupId).put("accountId", accountId).put("added", added));
  }

  private JsonObject status() {
    return new JsonObject()
        .put("state", runtime.world().summary())
        .put("faults", runtime.faults().settings().toJson())
        .put("rateLimit", runtime.rateLimiter().limit().toJson());
  }

  private CapillaryState capillary() {
    return runtime.world().capillary();
  }

  private ConfluenceState confluence() {
    return runtime.world().confluence();
  }

  // ---- plumbing ----

  private static void add(List<Route> routes, HttpMethod method, String pattern, Action action) {
    routes.add(new Route(method, pattern.split("/", -1), action));
  }

  /** The path parameters if {@code actual} fits {@code pattern}, else null. */
  private static Map<String, String> match(String[] pattern, String[] actual) {
    if (pattern.length != actual.length) {
      return null;
    }
    Map<String, String> params = null;
    for (int i = 0; i < pattern.length; i++) {
      String expected = pattern[i];
      if (expected.startsWith("{")) {
        if (actual[i].isEmpty()) {
          return null;
        }
        if (params == null) {
          params = new HashMap<>();
        }
        params.put(expected.substring(1, expected.length() - 1), percentDecode(actual[i]));
      } else if (!expected.equals(actual[i])) {
        return null;
      }
    }
    return params == null ? Map.of() : params;
  }

  private static Reply failure(Throwable cause) {
    if (cause instanceof IllegalArgumentException) {
      return new Reply(400, error(cause.getMessage()));
    }
    if (cause instanceof ClassCastException) {
      return new Reply(400, error("a field of the body has the wrong JSON type"));
    }
    if (cause instanceof NoSuchElementException) {
      return new Reply(404, error(cause.getMessage()));
    }
    if (cause instanceof IllegalStateException) {
      return new Reply(409, error(cause.getMessage()));
    }
    if (cause instanceof UnsupportedOperationException) {
      return new Reply(501, error(cause.getMessage()));
    }
    return new Reply(500, error("internal error: " + cause.getClass().getSimpleName()));
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message == null ? "" : message);
  }

  private static void reply(HttpServerRequest request, Reply reply) {
    if (request.response().closed()) {
      return;
    }
    request.response().setStatusCode(reply.status());
    if (reply.body() == null) {
      request.response().end();
    } else {
      String body = reply.body().encode();
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
    }
  }

  private static boolean fromLoopback(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return false;
    }
    try {
      return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static long positiveLong(String text, String name) {
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(name + " must be a positive 64-bit integer: " + text);
  }

  /** Decodes {@code %XX} escapes as UTF-8; unlike form decoding, {@code +} stays {@code +}. */
  static String percentDecode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length() && isHex(segment.charAt(i + 1)) && isHex(segment.charAt(i + 2))) {
        bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
