package dev.membership.sandbox.internal;

import dev.membership.sandbox.SandboxCredentials;
import dev.membership.sandbox.SandboxRateLimit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds a {@link World} from a seed document (format in the module's README), including its optional
 * {@code "generate"} section, and reads its optional {@code "rateLimit"} section.
 */
final class SeedLoader {

  static final String DEFAULT_CAPILLARY_USERNAME = SandboxCredentials.CAPILLARY_USERNAME;
  static final String DEFAULT_CAPILLARY_PASSWORD = SandboxCredentials.CAPILLARY_PASSWORD;
  static final String DEFAULT_ADMIN_EMAIL = SandboxCredentials.CONFLUENCE_EMAIL;
  static final String DEFAULT_ADMIN_TOKEN = SandboxCredentials.CONFLUENCE_API_TOKEN;
  static final String DEFAULT_MEMBER_EMAIL = SandboxCredentials.CONFLUENCE_MEMBER_EMAIL;
  static final String DEFAULT_MEMBER_TOKEN = SandboxCredentials.CONFLUENCE_MEMBER_API_TOKEN;
  static final String DEFAULT_OAUTH_TOKEN = SandboxCredentials.CONFLUENCE_OAUTH_TOKEN;
  static final String DEFAULT_CAPILLARY_CLIENT_KEY = SandboxCredentials.CAPILLARY_CLIENT_KEY;
  static final String DEFAULT_CAPILLARY_CLIENT_SECRET = SandboxCredentials.CAPILLARY_CLIENT_SECRET;
  static final String DEFAULT_OAUTH_CLIENT_ID = SandboxCredentials.ATLASSIAN_CLIENT_ID;
  static final String DEFAULT_OAUTH_CLIENT_SECRET = SandboxCredentials.ATLASSIAN_CLIENT_SECRET;
  static final String DEFAULT_REFRESH_TOKEN = SandboxCredentials.ATLASSIAN_REFRESH_TOKEN;

  private static final HexFormat HEX = HexFormat.of();

  private SeedLoader() {}

  /**
   * Builds the state a seed document describes.
   *
   * @throws IllegalArgumentException if the document is malformed or contradicts itself (for example, one
   *     identifier on two customers)
   */
  static World load(JsonObject seed) {
    try {
      return build(seed);
    } catch (ClassCastException | IllegalStateException e) {
      throw new IllegalArgumentException("invalid seed: " + e.getMessage(), e);
    }
  }

  private static World build(JsonObject seed) {
    allow(seed, "seed", "description", "capillary", "confluence", "generate", "rateLimit", "oauth");
    rateLimit(seed);
    World world = World.empty();
    // The lifetime first: the access tokens a seed lists live it from when they are loaded.
    JsonObject oauth = object(seed, "oauth");
    allow(oauth, "oauth", "tokenLifetimeSeconds");
    if (oauth.containsKey("tokenLifetimeSeconds")) {
      world.tokenLifetimeSeconds(oauth.getInteger("tokenLifetimeSeconds"));
    }
    loadCapillary(world.capillary(), object(seed, "capillary"));
    loadConfluence(world.confluence(), object(seed, "confluence"));
    JsonObject generate = seed.getJsonObject("generate");
    if (generate != null) {
      allow(generate, "generate", "groups", "membersPerGroup", "randomSeed");
      int groups = generate.getInteger("groups", 0);
      int members = generate.getInteger("membersPerGroup", 0);
      if (groups < 0 || members < 0 || (long) groups * members > 10_000_000L) {
        throw new IllegalArgumentException("generate needs 0 <= groups, 0 <= membersPerGroup and at most "
            + "10,000,000 members in all");
      }
      generate(world, groups, members, generate.getLong("randomSeed", 42L));
    }
    return world;
  }

  /**
   * Reads the seed's {@code "rateLimit"} section, in the admin API's JSON form.
   *
   * @return the limit, or null if the seed has none
   * @throws IllegalArgumentException naming the field if the section is invalid
   */
  static SandboxRateLimit rateLimit(JsonObject seed) {
    Object section = seed.getValue("rateLimit");
    if (section == null) {
      return null;
    }
    if (!(section instanceof JsonObject json)) {
      throw new IllegalArgumentException("rateLimit in seed must be a JSON object");
    }
    try {
      return SandboxRateLimit.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid rateLimit in seed: " + e.getMessage(), e);
    }
  }

  private static void loadCapillary(CapillaryState state, JsonObject json) {
    allow(json, "capillary", "credentials", "oauthClients", "customers", "groups");
    JsonArray credentials = json.getJsonArray("credentials");
    if (credentials == null) {
      state.addCredential(DEFAULT_CAPILLARY_USERNAME, Secrets.md5Hex(DEFAULT_CAPILLARY_PASSWORD));
    } else {
      for (JsonObject credential : objects(credentials, "capillary.credentials")) {
        addCapillaryCredential(state, credential);
      }
    }
    JsonArray clients = json.getJsonArray("oauthClients");
    if (clients == null) {
      state.addOAuthClient(DEFAULT_CAPILLARY_CLIENT_KEY, DEFAULT_CAPILLARY_CLIENT_SECRET, List.of());
    } else {
      for (JsonObject client : objects(clients, "capillary.oauthClients")) {
        addCapillaryOAuthClient(state, client);
      }
    }
    for (JsonObject customer : objects(json.getJsonArray("customers"), "capillary.customers")) {
      state.resolveOrCreate(customer);
    }
    for (JsonObject group : objects(json.getJsonArray("groups"), "capillary.groups")) {
      allow(group, "capillary group", "groupId", "members");
      Long groupId = group.getLong("groupId");
      if (groupId == null) {
        throw new IllegalArgumentException("a Capillary group needs a groupId");
      }
      state.createGroup(groupId);
      JsonArray members = group.getJsonArray("members", new JsonArray());
      for (Object member : members) {
        long customerId;
        if (member instanceof Number id) {
          customerId = id.longValue();
        } else if (member instanceof JsonObject description) {
          customerId = state.resolveOrCreate(description).customer().id();
        } else {
          throw new IllegalArgumentException("a Capillary group member is a customer id or a customer object");
        }
        state.addMember(groupId, customerId);
      }
    }
  }

  /** Adds {@code {"username", "password"}} (hashed here) or {@code {"username", "passwordMd5"}}. */
  static void addCapillaryCredential(CapillaryState state, JsonObject credential) {
    allow(credential, "capillary credential", "username", "password", "passwordMd5");
    String password = credential.getString("password");
    String md5 = credential.getString("passwordMd5");
    if ((password == null) == (md5 == null)) {
      throw new IllegalArgumentException("a Capillary credential needs exactly one of password and passwordMd5");
    }
    state.addCredential(credential.getString("username"), md5 != null ? md5 : Secrets.md5Hex(password));
  }

  /** Adds {@code {"key", "secret", "accessTokens"}}; {@code accessTokens} (optional) were issued to it already. */
  static void addCapillaryOAuthClient(CapillaryState state, JsonObject client) {
    allow(client, "capillary OAuth client", "key", "secret", "accessTokens");
    state.addOAuthClient(client.getString("key"), client.getString("secret"), strings(client, "accessTokens"));
  }

  /** Adds {@code {"clientId", "clientSecret", "refreshToken", "siteAdmin"}}; siteAdmin is true unless false. */
  static void addConfluenceOAuthApp(ConfluenceState state, JsonObject app) {
    allow(app, "confluence OAuth app", "clientId", "clientSecret", "refreshToken", "siteAdmin");
    state.addOAuthApp(app.getString("clientId"), app.getString("clientSecret"), app.getString("refreshToken"),
        app.getBoolean("siteAdmin", true));
  }

  private static void loadConfluence(ConfluenceState state, JsonObject json) {
    allow(json, "confluence", "users", "oauthApps", "accounts", "groups", "malformedGroupIds");
    JsonArray users = json.getJsonArray("users");
    if (users == null) {
      state.addUser(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_TOKEN, List.of(DEFAULT_OAUTH_TOKEN), true, null);
      state.addUser(DEFAULT_MEMBER_EMAIL, DEFAULT_MEMBER_TOKEN, List.of(), false, null);
    } else {
      for (JsonObject user : objects(users, "confluence.users")) {
        addConfluenceUser(state, user);
      }
    }
    JsonArray apps = json.getJsonArray("oauthApps");
    if (apps == null) {
      state.addOAuthApp(DEFAULT_OAUTH_CLIENT_ID, DEFAULT_OAUTH_CLIENT_SECRET, DEFAULT_REFRESH_TOKEN, true);
    } else {
      for (JsonObject app : objects(apps, "confluence.oauthApps")) {
        addConfluenceOAuthApp(state, app);
      }
    }
    for (Object account : json.getJsonArray("accounts", new JsonArray())) {
      if (!(account instanceof String id)) {
        throw new IllegalArgumentException("a Confluence account is an account id string");
      }
      state.addAccount(id);
    }
    for (Object malformed : json.getJsonArray("malformedGroupIds", new JsonArray())) {
      if (!(malformed instanceof String id)) {
        throw new IllegalArgumentException("a malformed group id is a string");
      }
      state.addMalformedGroupId(id);
    }
    for (JsonObject group : objects(json.getJsonArray("groups"), "confluence.groups")) {
      allow(group, "confluence group", "groupId", "name", "members");
      String groupId = group.getString("groupId");
      state.createGroup(groupId, group.getString("name"));
      for (Object member : group.getJsonArray("members", new JsonArray())) {
        if (!(member instanceof String accountId)) {
          throw new IllegalArgumentException("a Confluence group member is an account id string");
        }
        state.addMember(groupId, accountId);
      }
    }
  }

  /** Adds {@code {"email", "apiToken", "siteAdmin", "accountId", "oauthTokens"}}. */
  static void addConfluenceUser(ConfluenceState state, JsonObject user) {
    allow(user, "confluence user", "email", "apiToken", "siteAdmin", "accountId", "oauthTokens");
    state.addUser(user.getString("email"), user.getString("apiToken"), strings(user, "oauthTokens"),
        user.getBoolean("siteAdmin", false), user.getString("accountId"));
  }

  /**
   * Adds {@code groups} Capillary groups (the lowest free ids from 1) of {@code members} new customers each, and
   * {@code groups} Confluence groups (UUID ids) of {@code members} new accounts each, every identifier drawn from a
   * sequence seeded with {@code randomSeed}.
   */
  static void generate(World world, int groups, int members, long randomSeed) {
    SplittableRandom random = new SplittableRandom(randomSeed);
    CapillaryState capillary = world.capillary();
    long groupId = 1;
    for (int g = 0; g < groups; g++) {
      while (capillary.hasGroup(groupId)) {
        groupId++;
      }
      capillary.createGroup(groupId);
      for (int m = 0; m < members; m++) {
        long id = capillary.nextCustomerId();
        Map<String, String> identifiers = new LinkedHashMap<>();
        identifiers.put("mobile", unique(capillary, "mobile", () -> "91" + digits(random, 10)));
        identifiers.put("email", "customer" + id + "@generated.sandbox.test");
        // A prefix of its own: "EXT-" + id would collide with hand-written seeds (the demo has EXT-1003).
        identifiers.put("externalId", "GEN-" + id);
        identifiers.put("cardnumber", unique(capillary, "cardnumber", () -> digits(random, 16)));
        identifiers.put("cardExternalId", unique(capillary, "cardExternalId", () -> uuid(random)));
        capillary.store(new CapillaryState.Customer(id, CapillaryState.DEFAULT_SOURCE, null,
            Collections.unmodifiableMap(identifiers)));
        capillary.addMember(groupId, id);
      }
    }

    ConfluenceState confluence = world.confluence();
    for (int g = 0; g < groups; g++) {
      String confluenceGroupId;
      do {
        confluenceGroupId = uuid(random);
      } while (confluence.hasGroup(confluenceGroupId));
      confluence.createGroup(confluenceGroupId, "generated-group-" + (g + 1));
      for (int m = 0; m < members; m++) {
        String accountId;
        do {
          accountId = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextInt());
        } while (confluence.hasAccount(accountId));
        confluence.addMember(confluenceGroupId, accountId);
      }
    }
  }

  private static String unique(CapillaryState state, String name, Supplier<String> draw) {
    String value;
    do {
      value = draw.get();
    } while (state.hasIdentifier(name, value));
    return value;
  }

  private static String digits(SplittableRandom random, int count) {
    char[] digits = new char[count];
    for (int i = 0; i < count; i++) {
      digits[i] = (char) ('0' + random.nextInt(10));
    }
    if (digits[0] == '0') {
      digits[0] = '1';
    }
    return new String(digits);
  }

  private static String uuid(SplittableRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static JsonObject object(JsonObject parent, String field) {
    JsonObject child = parent.getJsonObject(field);
    return child == null ? new JsonObject() : child;
  }

  /** The strings of the optional array {@code field} (a message names the field, never a value). */
  private static List<String> strings(JsonObject parent, String field) {
    List<String> list = new ArrayList<>();
    for (Object item : parent.getJsonArray(field, new JsonArray())) {
      if (!(item instanceof String text)) {
        throw new IllegalArgumentException(field + " holds strings");
      }
      list.add(text);
    }
    return list;
  }

  private static List<JsonObject> objects(JsonArray array, String where) {
    List<JsonObject> list = new ArrayList<>();
    if (array == null) {
      return list;
    }
    for (Object item : array) {
      if (!(item instanceof JsonObject object)) {
        throw new IllegalArgumentException(where + " holds objects");
      }
      list.add(object);
    }
    return list;
  }

  private static void allow(JsonObject json, String where, String... fields) {
    Set<String> allowed = Set.of(fields);
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("unknown field in " + where + ": " + name + " (known: "
            + String.join(", ", fields) + ")");
      }
    }
  }
}
