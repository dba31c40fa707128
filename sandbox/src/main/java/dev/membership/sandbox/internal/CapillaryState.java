package dev.membership.sandbox.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Capillary's side of the state: customers known by identifiers, groups of customer ids, and the valid
 * credentials. Removal is lock-free; admin changes to customers are serialised on this object so that identifiers
 * stay unique.
 */
final class CapillaryState {

  /** The identifier names of the spec, in its order. */
  static final List<String> IDENTIFIER_NAMES = List.of("mobile", "email", "externalId", "cardnumber",
      "cardExternalId");

  /** The sources of the spec. {@code ALL} matches a customer of any source. */
  static final Set<String> SOURCES = Set.of("INSTORE", "MARTJACK", "WECHAT", "FACEBOOK", "WEB_ENGAGE", "TMALL",
      "TAOBAO", "JD", "ECOMMERCE", "WEBSITE", "LINE", "MOBILE_APP", "ALL");

  static final String DEFAULT_SOURCE = "INSTORE";

  private static final Set<String> CUSTOMER_FIELDS;

  static {
    Set<String> fields = new HashSet<>(IDENTIFIER_NAMES);
    fields.add("id");
    fields.add("source");
    fields.add("accountId");
    CUSTOMER_FIELDS = Set.copyOf(fields);
  }

  /** What a removal came to. */
  enum Outcome { REMOVED, NOT_A_MEMBER, NO_SUCH_GROUP, NO_SUCH_CUSTOMER }

  /** A customer: its id, the source it is registered in, an optional account id and its identifiers. */
  record Customer(long id, String source, String accountId, Map<String, String> identifiers) {

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id).put("source", source);
      if (accountId != null) {
        json.put("accountId", accountId);
      }
      identifiers.forEach(json::put);
      return json;
    }
  }

  private record Credential(byte[] username, byte[] md5Hex) {}

  /** An OAuth API client: its key and secret; revoked, it gets no token. */
  private record OAuthClient(byte[] key, byte[] secret) {}

  private final ConcurrentHashMap<Long, Set<Long>> groups = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Customer> customers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Customer> byIdentifier = new ConcurrentHashMap<>();
  private final List<Credential> credentials = new CopyOnWriteArrayList<>();
  private final List<OAuthClient> oauthClients = new CopyOnWriteArrayList<>();
  private final IssuedTokens tokens = new IssuedTokens("cap-sandbox-");
  private long nextCustomerId = 1;

  // ---- the provider operation ----

  /**
   * Whether a Basic header carries {@code username:md5hex(password)} of a known credential. Every credential is
   * compared, in constant time, whatever matches.
   */
  boolean authenticate(String authorization) {
    byte[][] basic = Secrets.basic(authorization);
    if (basic == null) {
      return false;
    }
    byte[] md5Hex = Secrets.asciiLowerCase(basic[1]);
    boolean match = false;
    for (Credential credential : credentials) {
      match |= Secrets.same(credential.username, basic[0]) & Secrets.same(credential.md5Hex, md5Hex);
    }
    return match;
  }

  /** Whether {@code token} (the {@code X-CAP-API-OAUTH-TOKEN} header) is an access token issued and still valid. */
  boolean authenticateToken(String token) {
    return tokens.valid(token) != null;
  }

  /**
   * A new access token for the API client {@code key} with {@code secret}, or null if no such client is known
   * (or it was revoked). Every client is compared, in constant time, whatever matches.
   */
  String generateToken(String key, String secret) {
    byte[] givenKey = Secrets.utf8(key);
    byte[] givenSecret = Secrets.utf8(secret);
    boolean match = false;
    for (OAuthClient client : oauthClients) {
      match |= Secrets.same(client.key, givenKey) & Secrets.same(client.secret, givenSecret);
    }
    return match ? tokens.issue(true) : null;
  }

  IssuedTokens tokens() {
    return tokens;
  }

  /** Revokes every OAuth client and every token issued: from now on no token is valid and none is issued. */
  void revokeOAuth() {
    oauthClients.clear();
    tokens.revokeAll();
  }

  /**
   * Removes the customer known by {@code identifierName=identifierValue} in {@code source} from group
   * {@code groupId}. With a non-INSTORE source, a given {@code accountId} must be the customer's.
   */
  Outcome leave(long groupId, String source, String accountId, String identifierName, String identifierValue) {
    Set<Long> members = groups.get(groupId);
    if (members == null) {
      return Outcome.NO_SUCH_GROUP;
    }
    Customer customer = byIdentifier.get(key(identifierName, identifierValue));
    if (customer == null || !matches(customer, source, accountId)) {
      return Outcome.NO_SUCH_CUSTOMER;
    }
    return members.remove(customer.id) ? Outcome.REMOVED : Outcome.NOT_A_MEMBER;
  }

  private static boolean matches(Customer customer, String source, String accountId) {
    if (!source.equals("ALL") && !source.equals(customer.source)) {
      return false;
    }
    return accountId == null || source.equals(DEFAULT_SOURCE) || accountId.equals(customer.accountId);
  }

  // ---- set-up, through the seed loader and the admin API ----

  /**
   * Adds an API client, and the access tokens {@code accessTokens} as issued to it now (each valid for the token
   * lifetime from now).
   */
  void addOAuthClient(String key, String secret, List<String> accessTokens) {
    if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("a Capillary OAuth client needs a key and a secret");
    }
    if (accessTokens.stream().anyMatch(token -> token == null || token.isBlank())) {
      throw new IllegalArgumentException("a Capillary OAuth client's access token is blank");
    }
    oauthClients.add(new OAuthClient(Secrets.utf8(key), Secrets.utf8(secret)));
    accessTokens.forEach(token -> tokens.issue(token, true));
  }

  void addCredential(String username, String md5Hex) {
    if (username == null || username.isEmpty() || md5Hex == null || !md5Hex.matches("[0-9a-fA-F]{32}")) {
      throw new IllegalArgumentException("a Capillary credential needs a username and a password (or a 32-digit "
          + "hex passwordMd5)");
    }
    credentials.add(new Credential(Secrets.utf8(username), Secrets.asciiLowerCase(Secrets.utf8(md5Hex))));
  }

  /** Creates the group if absent; returns whether it was created. */
  boolean createGroup(long groupId) {
    requireGroupId(groupId);
    return groups.putIfAbsent(groupId, ConcurrentHashMap.newKeySet()) == null;
  }

  /** @throws NoSuchElementException if there is no such group */
  void deleteGroup(long groupId) {
    if (groups.remove(groupId) == null) {
      throw new NoSuchElementException("no Capillary group " + groupId);
    }
  }

  /** Adds an existing customer to a group, creating the group if needed; returns whether it was not yet in it. */
  boolean addMember(long groupId, long customerId) {
    requireGroupId(groupId);
    if (!customers.containsKey(customerId)) {
      throw new NoSuchElementException("no Capillary customer " + customerId);
    }
    return groups.computeIfAbsent(groupId, id -> ConcurrentHashMap.newKeySet()).add(customerId);
  }

  /** @throws NoSuchElementException if there is no such group or the customer is not in it */
  void removeMember(long groupId, long customerId) {
    Set<Long> members = groups.get(groupId);
    if (members == null) {
      throw new NoSuchElementException("no Capillary group " + groupId);
    }
    if (!members.remove(customerId)) {
      throw new NoSuchElementException("customer " + customerId + " is not in Capillary group " + groupId);
    }
  }

  /** Members of a group, by customer id, or null if there is no such group. */
  List<Customer> members(long groupId) {
    Set<Long> members = groups.get(groupId);
    if (members == null) {
      return null;
    }
    List<Customer> list = new ArrayList<>(members.size());
    for (Long id : members) {
      Customer customer = customers.get(id);
      if (customer != null) {
        list.add(customer);
      }
    }
    list.sort(Comparator.comparingLong(Customer::id));
    return list;
  }

  boolean hasGroup(long groupId) {
    return groups.containsKey(groupId);
  }

  boolean hasIdentifier(String name, String value) {
    return byIdentifier.containsKey(key(name, value));
  }

  /** Group ids with their member counts, by id. */
  JsonArray groupsJson() {
    JsonArray array = new JsonArray();
    groups.keySet().stream().sorted().forEach(id -> array.add(new JsonObject()
        .put("groupId", id).put("members", groups.getOrDefault(id, Set.of()).size())));
    return array;
  }

  JsonObject summary() {
    return new JsonObject().put("groups", groups.size()).put("customers", customers.size())
        .put("credentials", credentials.size());
  }

  /**
   * Finds the customer the description names (by {@code id} or by any identifier) or creates it; identifiers the
   * description adds to an existing customer are added to it.
   *
   * @return the customer and whether it was created
   * @throws IllegalArgumentException if the description is malformed or names no identifier for a new customer
   * @throws IllegalStateException if it names two different customers, or contradicts the one it names
   */
  synchronized Resolved resolveOrCreate(JsonObject description) {
    for (String field : description.fieldNames()) {
      if (!CUSTOMER_FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown customer field: " + field + " (known: "
            + new TreeSet<>(CUSTOMER_FIELDS) + ")");
      }
    }
    Long id = longOrNull(description, "id");
    String source = string(description, "source");
    String accountId = string(description, "accountId");
    if (source != null && (!SOURCES.contains(source) || source.equals("ALL"))) {
      throw new IllegalArgumentException("unknown customer source: " + source);
    }
    Map<String, String> identifiers = new LinkedHashMap<>();
    for (String name : IDENTIFIER_NAMES) {
      String value = string(description, name);
      if (value != null) {
        if (value.isBlank()) {
          throw new IllegalArgumentException("customer identifier " + name + " is blank");
        }
        identifiers.put(name, value);
      }
    }

    Customer found = id == null ? null : customers.get(id);
    for (Map.Entry<String, String> identifier : identifiers.entrySet()) {
      Customer owner = byIdentifier.get(key(identifier.getKey(), identifier.getValue()));
      Long other = found != null ? Long.valueOf(found.id) : id;
      if (owner != null && other != null && owner.id != other) {
        throw new IllegalStateException(identifier.getKey() + " " + identifier.getValue()
            + " belongs to customer " + owner.id + ", not " + other);
      }
      if (owner != null) {
        found = owner;
      }
    }
    if (found == null) {
      if (identifiers.isEmpty()) {
        throw new IllegalArgumentException(id == null
            ? "a customer needs at least one of " + IDENTIFIER_NAMES
            : "no Capillary customer " + id + ", and no identifier to create it with");
      }
      long newId = id != null ? id : nextCustomerId;
      if (newId < 1) {
        throw new IllegalArgumentException("customer id must be positive: " + newId);
      }
      Customer created = new Customer(newId, source == null ? DEFAULT_SOURCE : source, accountId,
          Collections.unmodifiableMap(identifiers));
      store(created);
      return new Resolved(created, true);
    }
    if ((id != null && id != found.id) || (source != null && !source.equals(found.source))
        || (accountId != null && found.accountId != null && !accountId.equals(found.accountId))) {
      throw new IllegalStateException("the description contradicts customer " + found.id);
    }
    Map<String, String> merged = new LinkedHashMap<>(found.identifiers);
    for (Map.Entry<String, String> identifier : identifiers.entrySet()) {
      String existing = merged.putIfAbsent(identifier.getKey(), identifier.getValue());
      if (existing != null && !existing.equals(identifier.getValue())) {
        throw new IllegalStateException("customer " + found.id + " already has " + identifier.getKey() + " "
            + existing);
      }
    }
    if (merged.size() != found.identifiers.size() || (accountId != null && found.accountId == null)) {
      found = new Customer(found.id, found.source, accountId != null ? accountId : found.accountId,
          Collections.unmodifiableMap(merged));
      store(found);
    }
    return new Resolved(found, false);
  }

  /** A customer found or created by {@link #resolveOrCreate}. */
  record Resolved(Customer customer, boolean created) {}

  /** Stores a customer known to be consistent (the generator's fast path and {@link #resolveOrCreate}). */
  synchronized void store(Customer customer) {
    customers.put(customer.id, customer);
    customer.identifiers.forEach((name, value) -> byIdentifier.put(key(name, value), customer));
    nextCustomerId = Math.max(nextCustomerId, customer.id + 1);
  }

  synchronized long nextCustomerId() {
    return nextCustomerId;
  }

  private static String key(String identifierName, String identifierValue) {
    return identifierName + '\u0000' + identifierValue;
  }

  private static void requireGroupId(long groupId) {
    if (groupId < 1) {
      throw new IllegalArgumentException("a Capillary group id must be positive: " + groupId);
    }
  }

  private static String string(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    throw new IllegalArgumentException(field + " must be a string");
  }

  private static Long longOrNull(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      return n.longValue();
    }
    throw new IllegalArgumentException(field + " must be an integer");
  }
}
