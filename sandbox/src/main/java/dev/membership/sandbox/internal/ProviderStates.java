package dev.membership.sandbox.internal;

import dev.membership.sandbox.FaultSettings;
import dev.membership.sandbox.SandboxRateLimit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pact provider states: the sentences the contract tests' pacts name, each turned into a whole sandbox state
 * (a seed document) plus the faults in force. A setup replaces the state, switches the rate limit off and sets
 * the state's faults (none for most), so that interactions never depend on each other or on the seed the
 * sandbox started with; a teardown is a {@linkplain SandboxRuntime#reset() reset}.
 *
 * <p>The values are part of the sentence ("customer with mobile 918095467895 is in group 3962910"); a verifier
 * may also send them as {@code params}, which must then agree with the sentence. Every state keeps the default
 * credentials (see the sandbox README) unless it says otherwise. Some states also take credentials as params of
 * their own, never in the sentence (verifiers print sentences): the example credentials a pact's requests carry,
 * which the state registers as valid besides the defaults, so that a verifier sends those requests unchanged.
 * A message about such a param names it, never its value.
 */
final class ProviderStates {

  /** What a setup puts in force. */
  record Setup(JsonObject seed, FaultSettings faults) {
    Setup(JsonObject seed) {
      this(seed, FaultSettings.none());
    }
  }

  /**
   * One sentence with {@code {placeholders}}, the credential params it takes besides them, and the state it
   * describes (from the placeholders' values and the credentials given).
   */
  record Template(String sentence, Pattern pattern, List<String> names, List<String> credentials,
      Function<Map<String, String>, Setup> setup) {

    static Template of(String sentence, Function<Map<String, String>, Setup> setup) {
      return of(sentence, List.of(), setup);
    }

    static Template of(String sentence, List<String> credentials, Function<Map<String, String>, Setup> setup) {
      StringBuilder regex = new StringBuilder();
      List<String> names = new ArrayList<>();
      Matcher placeholder = PLACEHOLDER.matcher(sentence);
      int last = 0;
      while (placeholder.find()) {
        regex.append(Pattern.quote(sentence.substring(last, placeholder.start())));
        regex.append("(\\S+)");
        names.add(placeholder.group(1));
        last = placeholder.end();
      }
      regex.append(Pattern.quote(sentence.substring(last)));
      return new Template(sentence, Pattern.compile(regex.toString()), List.copyOf(names), credentials, setup);
    }

    /** The values of the placeholders if {@code state} is this sentence, else null. */
    Map<String, String> match(String state) {
      Matcher matcher = pattern.matcher(state);
      if (!matcher.matches()) {
        return null;
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        values.put(names.get(i), matcher.group(i + 1));
      }
      return values;
    }
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  /** A Capillary API client's key and secret, and an access token issued to it (optional). */
  private static final List<String> CAPILLARY_CLIENT = List.of("clientKey", "clientSecret", "accessToken");
  /** An Atlassian OAuth app's client id and secret, and a refresh token of it. */
  private static final List<String> ATLASSIAN_APP = List.of("clientId", "clientSecret", "refreshToken");
  /** The current refresh token of an app whose refresh token "was used already". */
  private static final String ROTATED_REFRESH_TOKEN = "atl-sandbox-refresh-rotated-since";

  /** Every sentence the sandbox understands, in the order the README lists them. */
  static final List<Template> TEMPLATES = List.of(
      Template.of("customer with mobile {mobile} is in group {groupId}", CAPILLARY_CLIENT, v -> new Setup(capillary(
          v, new JsonObject().put("groups", new JsonArray().add(capillaryGroup(v).put("members",
              new JsonArray().add(new JsonObject().put("mobile", v.get("mobile"))))))))),
      Template.of("customer with mobile {mobile} exists and is not in group {groupId}", CAPILLARY_CLIENT,
          v -> new Setup(capillary(v, new JsonObject()
              .put("customers", new JsonArray().add(new JsonObject().put("mobile", v.get("mobile"))))
              .put("groups", new JsonArray().add(capillaryGroup(v)))))),
      Template.of("group {groupId} exists and no customer has mobile {mobile}", CAPILLARY_CLIENT, v -> new Setup(
          capillary(v, new JsonObject().put("groups", new JsonArray().add(capillaryGroup(v)))))),
      Template.of("customer group {groupId} does not exist", CAPILLARY_CLIENT, v -> {
        capillaryGroup(v);
        return new Setup(capillary(v, new JsonObject()));
      }),
      Template.of("account {accountId} is in group {groupId}", v -> new Setup(confluence(new JsonObject()
          .put("groups", new JsonArray().add(new JsonObject().put("groupId", v.get("groupId"))
              .put("members", new JsonArray().add(v.get("accountId")))))))),
      Template.of("account {accountId} exists and is not in group {groupId}", v -> new Setup(confluence(
          new JsonObject()
              .put("accounts", new JsonArray().add(v.get("accountId")))
              .put("groups", new JsonArray().add(new JsonObject().put("groupId", v.get("groupId"))))))),
      Template.of("group {groupId} exists and account {accountId} does not exist", v -> new Setup(confluence(
          new JsonObject().put("groups", new JsonArray().add(new JsonObject().put("groupId", v.get("groupId"))))))),
      Template.of("the caller's credentials are not accepted", v -> new Setup(new JsonObject()
          .put("capillary", new JsonObject().put("credentials", new JsonArray()).put("oauthClients", new JsonArray()))
          .put("confluence", new JsonObject().put("users", new JsonArray()).put("oauthApps", new JsonArray())))),
      Template.of("the app's refresh token is valid", ATLASSIAN_APP, ProviderStates::refreshTokenValid),
      Template.of("the app's refresh token was used already", ATLASSIAN_APP, ProviderStates::refreshTokenUsed),
      Template.of("the caller is not a site admin", v -> new Setup(confluence(new JsonObject()
          .put("users", new JsonArray()
              .add(new JsonObject()
                  .put("email", SeedLoader.DEFAULT_ADMIN_EMAIL)
                  .put("apiToken", SeedLoader.DEFAULT_ADMIN_TOKEN)
                  .put("oauthTokens", new JsonArray().add(SeedLoader.DEFAULT_OAUTH_TOKEN))
                  .put("siteAdmin", false)))))),
      Template.of("every request is rate-limited with Retry-After {retryAfterSeconds}", v -> new Setup(
          new JsonObject(), FaultSettings.custom()
              .rate429(1.0, (int) number(v, "retryAfterSeconds", 0, 86_400)).build())),
      Template.of("every request fails with HTTP 500", v -> new Setup(new JsonObject(),
          FaultSettings.custom().rate500(1.0).build())),
      Template.of("group id {groupId} is malformed", v -> new Setup(confluence(new JsonObject()
          .put("malformedGroupIds", new JsonArray().add(v.get("groupId")))))));

  /**
   * Sentences the sandbox knows but cannot set up, with the reason: a verifier gets 501 and the reason. Each
   * would be a gap in what the sandbox can simulate, to be marked {@code pending} in the pacts. None today.
   */
  static final Map<Pattern, String> NOT_IMPLEMENTED = Map.of();

  private final SandboxRuntime runtime;

  ProviderStates(SandboxRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Applies one state change request, {@code {"state", "params", "action"}}; {@code action} is {@code setup}
   * (also when absent, as some verifiers send it only when teardown is on) or {@code teardown}. An empty state
   * (an interaction without one) changes nothing.
   *
   * @throws IllegalArgumentException for an unknown sentence or action, or params that contradict the sentence
   * @throws UnsupportedOperationException for a known sentence the sandbox cannot set up
   */
  Future<JsonObject> change(String state, JsonObject params, String action) {
    String name = state == null ? "" : state.strip();
    String verb = action == null || action.isEmpty() ? "setup" : action;
    JsonObject answer = new JsonObject().put("state", name).put("action", verb);
    if (verb.equals("teardown")) {
      return runtime.reset().map(world -> answer);
    }
    if (!verb.equals("setup")) {
      throw new IllegalArgumentException("action must be setup or teardown, was " + verb);
    }
    if (name.isEmpty()) {
      return Future.succeededFuture(answer);
    }
    Setup setup = setupFor(name, params == null ? new JsonObject() : params);
    runtime.faults().set(setup.faults());
    runtime.rateLimiter().set(SandboxRateLimit.off());
    return runtime.replace(setup.seed()).map(world -> answer);
  }

  /** The setup of {@code state}; see {@link #change}. */
  static Setup setupFor(String state, JsonObject params) {
    for (Template template : TEMPLATES) {
      Map<String, String> values = template.match(state);
      if (values != null) {
        checkParams(template, values, params);
        return template.setup().apply(values);
      }
    }
    for (Map.Entry<Pattern, String> gap : NOT_IMPLEMENTED.entrySet()) {
      if (gap.getKey().matcher(state).matches()) {
        throw new UnsupportedOperationException("provider state not supported by the sandbox: " + gap.getValue());
      }
    }
    List<String> known = TEMPLATES.stream().map(Template::sentence).toList();
    throw new IllegalArgumentException("unknown provider state: \"" + state + "\"; known: " + known);
  }

  /**
   * Checks that {@code params} agree with the sentence's {@code values}, and adds the credentials among them to
   * {@code values}.
   */
  private static void checkParams(Template template, Map<String, String> values, JsonObject params) {
    for (String name : params.fieldNames()) {
      Object given = params.getValue(name);
      if (template.credentials().contains(name)) {
        if (!(given instanceof String credential) || credential.isBlank()) {
          throw new IllegalArgumentException("param " + name + " must be a non-blank string");
        }
        values.put(name, credential);
        continue;
      }
      String text = given instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
          ? Long.toString(number.longValue()) : String.valueOf(given);
      String expected = values.get(name);
      if (expected == null) {
        throw new IllegalArgumentException("param " + name + " is not part of the state");
      }
      if (!expected.equals(text)) {
        throw new IllegalArgumentException("param " + name + " is " + text + " but the state says " + expected);
      }
    }
  }

  /**
   * The seed's Capillary section {@code capillary}, with the API client the credential params name (and the access
   * token issued to it) besides the default client.
   */
  private static JsonObject capillary(Map<String, String> values, JsonObject capillary) {
    if (given(values, "clientKey", "clientSecret")) {
      JsonObject client = new JsonObject().put("key", values.get("clientKey"))
          .put("secret", values.get("clientSecret"));
      if (values.containsKey("accessToken")) {
        client.put("accessTokens", new JsonArray().add(values.get("accessToken")));
      }
      capillary.put("oauthClients", new JsonArray().add(new JsonObject()
          .put("key", SeedLoader.DEFAULT_CAPILLARY_CLIENT_KEY)
          .put("secret", SeedLoader.DEFAULT_CAPILLARY_CLIENT_SECRET)).add(client));
    } else if (values.containsKey("accessToken")) {
      throw new IllegalArgumentException("param accessToken needs clientKey and clientSecret");
    }
    return new JsonObject().put("capillary", capillary);
  }

  /** The default app, and the app the params name if any, each with its refresh token valid. */
  private static Setup refreshTokenValid(Map<String, String> values) {
    JsonObject app = atlassianApp(values);
    return new Setup(app == null ? new JsonObject()
        : confluence(new JsonObject().put("oauthApps", new JsonArray().add(defaultAtlassianApp()).add(app))));
  }

  /**
   * The app the params name, else the default one, alone; its current refresh token is another one than the
   * refresh token named, which was used already.
   */
  private static Setup refreshTokenUsed(Map<String, String> values) {
    JsonObject app = atlassianApp(values);
    return new Setup(confluence(new JsonObject().put("oauthApps", new JsonArray()
        .add((app == null ? defaultAtlassianApp() : app).put("refreshToken", ROTATED_REFRESH_TOKEN)))));
  }

  /** The Atlassian app the credential params name, as a seed's {@code oauthApps} entry, or null if they name none. */
  private static JsonObject atlassianApp(Map<String, String> values) {
    if (!given(values, ATLASSIAN_APP.toArray(String[]::new))) {
      return null;
    }
    return new JsonObject().put("clientId", values.get("clientId")).put("clientSecret", values.get("clientSecret"))
        .put("refreshToken", values.get("refreshToken"));
  }

  private static JsonObject defaultAtlassianApp() {
    return new JsonObject().put("clientId", SeedLoader.DEFAULT_OAUTH_CLIENT_ID)
        .put("clientSecret", SeedLoader.DEFAULT_OAUTH_CLIENT_SECRET)
        .put("refreshToken", SeedLoader.DEFAULT_REFRESH_TOKEN);
  }

  /**
   * Whether the params gave all of {@code names}: false if none of them.
   *
   * @throws IllegalArgumentException if they gave some only
   */
  private static boolean given(Map<String, String> values, String... names) {
    long count = Arrays.stream(names).filter(values::containsKey).count();
    if (count != 0 && count != names.length) {
      throw new IllegalArgumentException("params " + String.join(", ", names) + " go together");
    }
    return count != 0;
  }

  private static JsonObject confluence(JsonObject confluence) {
    return new JsonObject().put("confluence", confluence);
  }

  private static JsonObject capillaryGroup(Map<String, String> values) {
    return new JsonObject().put("groupId", number(values, "groupId", 1, Long.MAX_VALUE));
  }

  private static long number(Map<String, String> values, String name, long min, long max) {
    String text = values.get(name);
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ", was " + text);
  }
}
