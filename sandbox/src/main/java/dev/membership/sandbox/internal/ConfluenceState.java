package dev.membership.sandbox.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Confluence's side of the state: groups (string ids) with member account ids, the known accounts, and the users
 * whose credentials are valid, with whether each is a site admin.
 */
final class ConfluenceState {

  /** What a removal came to. */
  enum Outcome { REMOVED_OR_NOT_A_MEMBER, NO_SUCH_GROUP, NO_SUCH_ACCOUNT }

  /** Who a request authenticated as. */
  enum Caller { NOBODY, USER, SITE_ADMIN }

  private record User(byte[] email, byte[] apiToken, List<byte[]> oauthTokens, boolean siteAdmin) {}

  private record Group(String name, Set<String> members) {}

  /**
   * An OAuth 2.0 (3LO) app as one user authorised it: its client id and secret, the refresh tokens that work (one:
   * each refresh replaces it), and whether the authorising user is a site admin.
   */
  private record OAuthApp(byte[] clientId, byte[] clientSecret, Set<String> refreshTokens, boolean siteAdmin) {}

  /** What a refresh came to: new tokens, or which part was refused. */
  record Refresh(String accessToken, String refreshToken, int expiresIn, boolean clientRefused) {

    static final Refresh CLIENT_REFUSED = new Refresh(null, null, 0, true);
    static final Refresh GRANT_REFUSED = new Refresh(null, null, 0, false);

    boolean refused() {
      return accessToken == null;
    }
  }

  private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();
  private final Set<String> accounts = ConcurrentHashMap.newKeySet();
  private final Set<String> malformedGroupIds = ConcurrentHashMap.newKeySet();
  private final List<User> users = new CopyOnWriteArrayList<>();
  private final List<OAuthApp> apps = new CopyOnWriteArrayList<>();
  private final IssuedTokens tokens = new IssuedTokens("atl-sandbox-");

  // ---- the provider operation ----

  /**
   * Who a Basic {@code email:apiToken} or Bearer header authenticates as. Every user is compared, in constant
   * time, whatever matches.
   */
  Caller authenticate(String authorization) {
    User found = null;
    byte[][] basic = Secrets.basic(authorization);
    if (basic != null) {
      for (User user : users) {
        if (user.apiToken != null
            & Secrets.same(user.email, basic[0]) & Secrets.same(orEmpty(user.apiToken), basic[1])) {
          found = user;
        }
      }
    } else {
      byte[] bearer = Secrets.bearer(authorization);
      if (bearer != null) {
        for (User user : users) {
          for (byte[] token : user.oauthTokens) {
            if (Secrets.same(token, bearer)) {
              found = user;
            }
          }
        }
      }
    }
    if (found == null) {
      return Caller.NOBODY;
    }
    return found.siteAdmin ? Caller.SITE_ADMIN : Caller.USER;
  }

  /**
   * Who an access token issued by {@link #refresh} authenticates as, from a Bearer header; NOBODY if it is not
   * one, expired or was revoked. Such tokens work only through the gateway, as Atlassian's do.
   */
  Caller authenticateIssued(String authorization) {
    byte[] bearer = Secrets.bearer(authorization);
    IssuedTokens.Issued issued = bearer == null ? null
        : tokens.valid(new String(bearer, java.nio.charset.StandardCharsets.UTF_8));
    if (issued == null) {
      return Caller.NOBODY;
    }
    return issued.siteAdmin() ? Caller.SITE_ADMIN : Caller.USER;
  }

  /**
   * Exchanges {@code refreshToken} of the app {@code clientId} with {@code clientSecret} for a new access token and
   * a new refresh token; the one used stops working. Refused if the client is unknown or its secret wrong
   * ({@code clientRefused}), or the refresh token is not the app's current one (used, revoked, unknown).
   */
  synchronized Refresh refresh(String clientId, String clientSecret, String refreshToken) {
    byte[] id = Secrets.utf8(clientId);
    byte[] secret = Secrets.utf8(clientSecret);
    OAuthApp client = null;
    for (OAuthApp app : apps) {
      if (Secrets.same(app.clientId, id) & Secrets.same(app.clientSecret, secret)) {
        client = app;
      }
    }
    if (client == null) {
      return Refresh.CLIENT_REFUSED;
    }
    if (!client.refreshTokens.remove(refreshToken)) {
      return Refresh.GRANT_REFUSED;
    }
    String rotated = "atl-sandbox-refresh-" + java.util.UUID.randomUUID();
    client.refreshTokens.add(rotated);
    return new Refresh(tokens.issue(client.siteAdmin), rotated, tokens.lifetimeSeconds(), false);
  }

  IssuedTokens tokens() {
    return tokens;
  }

  /** Revokes every app's refresh tokens and every access token issued: the apps must be authorised again. */
  synchronized void revokeOAuth() {
    for (OAuthApp app : apps) {
      app.refreshTokens.clear();
    }
    tokens.revokeAll();
  }

  synchronized void addOAuthApp(String clientId, String clientSecret, String refreshToken, boolean siteAdmin) {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()
        || refreshToken == null || refreshToken.isBlank()) {
      throw new IllegalArgumentException("a Confluence OAuth app needs a clientId, a clientSecret and a "
          + "refreshToken");
    }
    Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    refreshTokens.add(refreshToken);
    apps.add(new OAuthApp(Secrets.utf8(clientId), Secrets.utf8(clientSecret), refreshTokens, siteAdmin));
  }

  /** Removes {@code accountId} from {@code groupId}; not being a member is not an error. */
  Outcome remove(String groupId, String accountId) {
    Group group = groups.get(groupId);
    if (group == null) {
      return Outcome.NO_SUCH_GROUP;
    }
    if (!accounts.contains(accountId)) {
      return Outcome.NO_SUCH_ACCOUNT;
    }
    group.members.remove(accountId);
    return Outcome.REMOVED_OR_NOT_A_MEMBER;
  }

  // ---- set-up, through the seed loader and the admin API ----

  void addUser(String email, String apiToken, List<String> oauthTokens, boolean siteAdmin, String accountId) {
    boolean basic = email != null && !email.isEmpty() && apiToken != null && !apiToken.isEmpty();
    if (!basic && (oauthTokens == null || oauthTokens.isEmpty())) {
      throw new IllegalArgumentException("a Confluence user needs an email and an apiToken, or oauthTokens");
    }
    List<byte[]> tokens = new ArrayList<>();
    if (oauthTokens != null) {
      for (String token : oauthTokens) {
        if (token == null || token.isBlank()) {
          throw new IllegalArgumentException("a Confluence OAuth token is blank");
        }
        tokens.add(Secrets.utf8(token));
      }
    }
    users.add(new User(Secrets.utf8(email == null ? "" : email), basic ? Secrets.utf8(apiToken) : null,
        List.copyOf(tokens), siteAdmin));
    if (accountId != null) {
      addAccount(accountId);
    }
  }

  /**
   * Makes the site refuse {@code groupId} as malformed (400), as Confluence does with a group id it cannot parse;
   * the sandbox accepts any id otherwise, so this is how a seed or a provider state asks for that answer.
   */
  void addMalformedGroupId(String groupId) {
    requireId("groupId", groupId);
    malformedGroupIds.add(groupId);
  }

  boolean isMalformedGroupId(String groupId) {
    return malformedGroupIds.contains(groupId);
  }

  /** Adds a known account; returns whether it was new. */
  boolean addAccount(String accountId) {
    requireId("accountId", accountId);
    return accounts.add(accountId);
  }

  boolean hasAccount(String accountId) {
    return accounts.contains(accountId);
  }

  /** Creates the group if absent; returns whether it was created. */
  boolean createGroup(String groupId, String name) {
    requireId("groupId", groupId);
    return groups.putIfAbsent(groupId, new Group(name == null ? groupId : name, ConcurrentHashMap.newKeySet()))
        == null;
  }

  boolean hasGroup(String groupId) {
    return groups.containsKey(groupId);
  }

  /** @throws NoSuchElementException if there is no such group */
  void deleteGroup(String groupId) {
    if (groups.remove(groupId) == null) {
      throw new NoSuchElementException("no Confluence group " + groupId);
    }
  }

  /**
   * Adds {@code accountId} to {@code groupId}, making both known if needed; returns whether it was not yet a
   * member.
   */
  boolean addMember(String groupId, String accountId) {
    requireId("groupId", groupId);
    addAccount(accountId);
    return groups.computeIfAbsent(groupId, id -> new Group(id, ConcurrentHashMap.newKeySet()))
        .members.add(accountId);
  }

  /** @throws NoSuchElementException if there is no such group or the account is not in it */
  void removeMember(String groupId, String accountId) {
    Group group = groups.get(groupId);
    if (group == null) {
      throw new NoSuchElementException("no Confluence group " + groupId);
    }
    if (!group.members.remove(accountId)) {
      throw new NoSuchElementException(accountId + " is not in Confluence group " + groupId);
    }
  }

  /** Member account ids of a group, sorted, or null if there is no such group. */
  List<String> members(String groupId) {
    Group group = groups.get(groupId);
    return group == null ? null : group.members.stream().sorted().toList();
  }

  String groupName(String groupId) {
    Group group = groups.get(groupId);
    return group == null ? null : group.name;
  }

  /** Group ids, names and member counts, by id. */
  JsonArray groupsJson() {
    JsonArray array = new JsonArray();
    groups.keySet().stream().sorted().forEach(id -> {
      Group group = groups.get(id);
      if (group != null) {
        array.add(new JsonObject().put("groupId", id).put("name", group.name).put("members", group.members.size()));
      }
    });
    return array;
  }

  JsonObject summary() {
    return new JsonObject().put("groups", groups.size()).put("accounts", accounts.size())
        .put("users", users.size());
  }

  private static byte[] orEmpty(byte[] bytes) {
    return bytes == null ? new byte[0] : bytes;
  }

  private static void requireId(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing or blank");
    }
  }
}
