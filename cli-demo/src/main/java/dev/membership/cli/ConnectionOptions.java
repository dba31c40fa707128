package dev.membership.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where to send removals and as whom; shared by every command that removes. */
final class ConnectionOptions {

  /** The variables (or keys of --credentials-file) of targets and credentials, for the footer of --help. */
  static final String ENVIRONMENT = "%nEnvironment (or --credentials-file keys; never arguments):%n"
      + "  CAPILLARY_BASE_URL, CONFLUENCE_BASE_URL   where each provider is%n"
      + "  CAPILLARY_USERNAME with CAPILLARY_PASSWORD or CAPILLARY_PASSWORD_MD5%n"
      + "  CAPILLARY_CLIENT_KEY with CAPILLARY_CLIENT_SECRET   OAuth: tokens generated%n"
      + "      from the API client's key and secret, and again before each expires%n"
      + "  CONFLUENCE_EMAIL with CONFLUENCE_API_TOKEN%n"
      + "  CONFLUENCE_OAUTH_TOKEN   a fixed OAuth access token (needs the cloud id)%n"
      + "  CONFLUENCE_OAUTH_CLIENT_ID, CONFLUENCE_OAUTH_CLIENT_SECRET,%n"
      + "  CONFLUENCE_OAUTH_REFRESH_TOKEN, CONFLUENCE_OAUTH_REFRESH_TOKEN_FILE%n"
      + "      OAuth app: access tokens refreshed before each expires; each rotated%n"
      + "      refresh token is written to the file (mode 600), which is read first%n"
      + "      on the next run (the variable is needed only while the file is empty)%n"
      + "  CONFLUENCE_CLOUD_ID   OAuth goes through api.atlassian.com/ex/confluence/ID%n"
      + "      (under CONFLUENCE_BASE_URL instead, if that is set)%n"
      + "  CONFLUENCE_AUTH_URL   token server (default https://auth.atlassian.com)";

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Base URL of both providers (overrides CAPILLARY_BASE_URL and CONFLUENCE_BASE_URL). "
          + "Without any base URL (or CONFLUENCE_CLOUD_ID), an embedded sandbox is used.")
  String baseUrl;

  @Option(names = "--credentials-file", paramLabel = "FILE",
      description = "Properties file of the CAPILLARY_* and CONFLUENCE_* variables below; the environment wins.")
  Path credentialsFile;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "PEM file of certificates to trust in addition to the JVM's own (a company CA in front of a "
          + "provider); host names are still verified.")
  Path caFile;

  @Option(names = "--allow-insecure-http",
      description = "Allow plain http to a host that is not loopback (never needed for the sandbox).")
  boolean allowInsecureHttp;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "60",
      description = "Time allowed for one removal, retries and every wait included; a wait that would end after "
          + "it ends the removal at once, unsent. In a bulk run, waiting for a paused provider does not count: see "
          + "bulk --stall-timeout (default: ${DEFAULT-VALUE}).")
  long deadlineSeconds;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5",
      description = "Attempts per removal, the first included (default: ${DEFAULT-VALUE}).")
  int maxAttempts;
}
