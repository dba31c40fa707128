package dev.membership.sandbox;

/**
 * The credentials a sandbox accepts unless its seed names others ({@link SeedSource#demo()} and a seed without a
 * {@code credentials} section use these). Made up for local use: none of them opens anything real.
 */
public final class SandboxCredentials {

  /** Capillary Basic user name. */
  public static final String CAPILLARY_USERNAME = "sandbox_user";
  /** Capillary Basic password (the client sends its md5 hex). */
  public static final String CAPILLARY_PASSWORD = "sandbox-password";
  /** Capillary OAuth client key, for {@code POST /v3/oauth/token/generate}. */
  public static final String CAPILLARY_CLIENT_KEY = "sandbox-client-key";
  /** Capillary OAuth client secret. */
  public static final String CAPILLARY_CLIENT_SECRET = "sandbox-client-secret";
  /** Email of the Confluence user allowed to remove members (Basic). */
  public static final String CONFLUENCE_EMAIL = "admin@sandbox.test";
  /** API token of {@link #CONFLUENCE_EMAIL}. */
  public static final String CONFLUENCE_API_TOKEN = "sandbox-admin-token";
  /** Email of a Confluence user who may not manage groups: removals with it are answered 403. */
  public static final String CONFLUENCE_MEMBER_EMAIL = "member@sandbox.test";
  /** API token of {@link #CONFLUENCE_MEMBER_EMAIL}. */
  public static final String CONFLUENCE_MEMBER_API_TOKEN = "sandbox-member-token";
  /** A fixed Confluence OAuth access token. */
  public static final String CONFLUENCE_OAUTH_TOKEN = "sandbox-oauth-token";
  /** Client id of the Atlassian OAuth app, for {@code POST /oauth/token}. */
  public static final String ATLASSIAN_CLIENT_ID = "sandbox-oauth-client";
  /** Client secret of {@link #ATLASSIAN_CLIENT_ID}. */
  public static final String ATLASSIAN_CLIENT_SECRET = "sandbox-oauth-secret";
  /** The first refresh token of {@link #ATLASSIAN_CLIENT_ID} (each refresh rotates it). */
  public static final String ATLASSIAN_REFRESH_TOKEN = "sandbox-refresh-token";

  private SandboxCredentials() {}
}
