package dev.membership.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where to send removals and as whom; shared by every command that removes. */
final class ConnectionOptions {

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Base URL of both providers (overrides CAPILLARY_BASE_URL and CONFLUENCE_BASE_URL). "
          + "Without any base URL, an embedded sandbox is used.")
  String baseUrl;

  @Option(names = "--credentials-file", paramLabel = "FILE",
      description = "Properties file with CAPILLARY_USERNAME, CAPILLARY_PASSWORD or CAPILLARY_PASSWORD_MD5, "
          + "CONFLUENCE_EMAIL with CONFLUENCE_API_TOKEN, or CONFLUENCE_OAUTH_TOKEN; the environment wins.")
  Path credentialsFile;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "PEM file of certificates to trust in addition to the JVM's own (a company CA in front of a "
          + "provider); host names are still verified.")
  Path caFile;

  @Option(names = "--allow-insecure-http",
      description = "Allow plain http to a host that is not loopback (never needed for the sandbox).")
  boolean allowInsecureHttp;

  @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "60",
      description = "Time allowed for one removal, retries included (default: ${DEFAULT-VALUE}).")
  long deadlineSeconds;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5",
      description = "Attempts per removal, the first included (default: ${DEFAULT-VALUE}).")
  int maxAttempts;
}
