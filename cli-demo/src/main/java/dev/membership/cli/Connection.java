package dev.membership.cli;

import dev.membership.core.CapillaryConfig;
import dev.membership.core.CapillaryCredentials;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.InvalidInputException;
import dev.membership.core.MembershipRemover;
import dev.membership.core.Provider;
import dev.membership.core.RemoverOptions;
import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxCredentials;
import dev.membership.sandbox.SandboxOptions;
import dev.membership.sandbox.SeedSource;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves the targets of a command: the configured base URLs and credentials, or an embedded sandbox started
 * with demo data when no base URL is configured. Credentials come only from the environment or a credentials
 * file, never from an argument.
 */
final class Connection implements AutoCloseable {

  /** The credentials the sandbox accepts by default (see sandbox/README.md). */
  static final String SANDBOX_CAPILLARY_USER = SandboxCredentials.CAPILLARY_USERNAME;
  static final String SANDBOX_CAPILLARY_PASSWORD = SandboxCredentials.CAPILLARY_PASSWORD;
  static final String SANDBOX_CONFLUENCE_EMAIL = SandboxCredentials.CONFLUENCE_EMAIL;
  static final String SANDBOX_CONFLUENCE_TOKEN = SandboxCredentials.CONFLUENCE_API_TOKEN;

  private static final Problem NO_CAPILLARY_URL =
      new Problem("--base-url", "no Capillary base URL: set --base-url or CAPILLARY_BASE_URL");
  /** The variables of each provider's credentials, as every message that asks for them names them. */
  static final String CAPILLARY_VARIABLES = "CAPILLARY_USERNAME with CAPILLARY_PASSWORD or CAPILLARY_PASSWORD_MD5, "
      + "or CAPILLARY_CLIENT_KEY with CAPILLARY_CLIENT_SECRET";
  static final String CONFLUENCE_VARIABLES = "CONFLUENCE_EMAIL with CONFLUENCE_API_TOKEN, or CONFLUENCE_OAUTH_TOKEN, "
      + "or CONFLUENCE_OAUTH_CLIENT_ID with CONFLUENCE_OAUTH_CLIENT_SECRET and a refresh token";

  private static final Problem NO_CAPILLARY_CREDENTIALS =
      new Problem("credentials", "no Capillary credentials: set " + CAPILLARY_VARIABLES);
  private static final Problem NO_CONFLUENCE_URL = new Problem("--base-url",
      "no Confluence base URL: set --base-url or CONFLUENCE_BASE_URL (or CONFLUENCE_CLOUD_ID for OAuth)");
  private static final Problem NO_CONFLUENCE_CREDENTIALS =
      new Problem("credentials", "no Confluence credentials: set " + CONFLUENCE_VARIABLES);

  /** What to say when {@code provider} (its name in the input) refused the credentials: what to fix. */
  static String credentialsRefused(String provider) {
    return provider + " refused the credentials and was sent nothing more: set working "
        + ("capillary".equals(provider) ? CAPILLARY_VARIABLES : CONFLUENCE_VARIABLES)
        + " (in the environment or --credentials-file)";
  }

  /** Why a provider cannot be reached: the option or variable at fault, and what to set. */
  private record Problem(String field, String reason) {}

  final Vertx vertx;
  final Sandbox sandbox;
  final CapillaryConfig capillary;
  final ConfluenceConfig confluence;
  private final Problem capillaryProblem;
  private final Problem confluenceProblem;

  private Connection(Vertx vertx, Sandbox sandbox, CapillaryConfig capillary, Problem capillaryProblem,
      ConfluenceConfig confluence, Problem confluenceProblem) {
    this.vertx = vertx;
    this.sandbox = sandbox;
    this.capillary = capillary;
    this.capillaryProblem = capillaryProblem;
    this.confluence = confluence;
    this.confluenceProblem = confluenceProblem;
  }

  /**
   * Opens the targets.
   *
   * @throws InvalidInputException naming the option or variable at fault
   */
  static Connection open(ConnectionOptions options, Map<String, String> environment, PrintWriter err)
      throws IOException {
    Map<String, String> env = merged(options, environment);
    String capillaryUrl = options.baseUrl != null ? options.baseUrl : env.get("CAPILLARY_BASE_URL");
    String confluenceUrl = options.baseUrl != null ? options.baseUrl : env.get("CONFLUENCE_BASE_URL");
    String cloudId = env.get("CONFLUENCE_CLOUD_ID");
    if (capillaryUrl == null && confluenceUrl == null && cloudId == null) {
      Connection embedded = embedded(SeedSource.demo());
      err.println("Using an embedded sandbox at " + embedded.sandbox.baseUrl()
          + " (no --base-url, CAPILLARY_BASE_URL or CONFLUENCE_BASE_URL given).");
      err.flush();
      return embedded;
    }
    // Checked in this order, so that the first thing wrong is the one reported.
    CapillaryCredentials capillaryCredentials = capillaryUrl == null ? null : capillaryCredentials(env);
    CapillaryConfig.Builder capillaryBuilder = CapillaryConfig.builder();
    ConfluenceConfig.Builder confluenceBuilder = ConfluenceConfig.builder();
    if (options.caFile != null) {
      try {
        capillaryBuilder.trustedCertificates(options.caFile);
        confluenceBuilder.trustedCertificates(options.caFile);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--ca-file", e.reason());
      }
    }
    CapillaryConfig capillary = capillaryCredentials == null ? null : capillaryBuilder
        .allowInsecureHttp(options.allowInsecureHttp).baseUrl(capillaryUrl).credentials(capillaryCredentials).build();
    boolean confluenceTarget = confluenceUrl != null || cloudId != null;
    ConfluenceCredentials confluenceCredentials = confluenceTarget ? confluenceCredentials(env, err) : null;
    ConfluenceConfig confluence = confluenceCredentials == null ? null
        : confluence(confluenceBuilder.allowInsecureHttp(options.allowInsecureHttp), confluenceUrl, cloudId,
            env.get("CONFLUENCE_AUTH_URL"), confluenceCredentials);
    return new Connection(Vertx.vertx(), null,
        capillary, capillaryUrl == null ? NO_CAPILLARY_URL : capillary == null ? NO_CAPILLARY_CREDENTIALS : null,
        confluence, !confluenceTarget ? NO_CONFLUENCE_URL : confluence == null ? NO_CONFLUENCE_CREDENTIALS : null);
  }

  /**
   * The Confluence configuration: the site URL, or with a cloud id Atlassian's gateway for it (under the base URL
   * if one is given, as a sandbox or a proxy serves it), and the authorisation server if given.
   */
  private static ConfluenceConfig confluence(ConfluenceConfig.Builder builder, String baseUrl, String cloudId,
      String authUrl, ConfluenceCredentials credentials) {
    if (cloudId != null) {
      try {
        builder.cloudId(cloudId);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("CONFLUENCE_CLOUD_ID", e.reason());
      }
      if (baseUrl != null) {
        builder.siteUrl(baseUrl.replaceAll("/+$", "") + "/ex/confluence/" + cloudId);
      }
    } else {
      builder.siteUrl(baseUrl);
    }
    if (authUrl != null) {
      try {
        builder.authServerUrl(authUrl);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("CONFLUENCE_AUTH_URL", e.reason());
      }
    }
    try {
      return builder.credentials(credentials).build();
    } catch (InvalidInputException e) {
      if (e.field().equals("cloudId")) {
        throw new InvalidInputException("CONFLUENCE_CLOUD_ID", "is required with OAuth credentials, which work "
            + "only through Atlassian's gateway (api.atlassian.com/ex/confluence/{cloudId}), not a site URL");
      }
      throw e;
    }
  }

  /**
   * Starts a sandbox seeded from {@code seed} on a free port of its own Vert.x instance, with both providers
   * configured with the credentials it accepts by default.
   */
  static Connection embedded(SeedSource seed) {
    Vertx vertx = Vertx.vertx();
    Sandbox sandbox;
    try {
      sandbox = Await.result(Sandbox.start(vertx, SandboxOptions.custom().seed(seed).build()));
    } catch (RuntimeException e) {
      Await.result(vertx.close());
      throw e;
    }
    CapillaryConfig capillary = CapillaryConfig.builder().baseUrl(sandbox.baseUrl())
        .credentials(CapillaryCredentials.ofPassword(SANDBOX_CAPILLARY_USER, SANDBOX_CAPILLARY_PASSWORD)).build();
    ConfluenceConfig confluence = ConfluenceConfig.builder().siteUrl(sandbox.baseUrl())
        .credentials(ConfluenceCredentials.basic(SANDBOX_CONFLUENCE_EMAIL, SANDBOX_CONFLUENCE_TOKEN)).build();
    return new Connection(vertx, sandbox, capillary, null, confluence, null);
  }

  private static Map<String, String> merged(ConnectionOptions options, Map<String, String> environment)
      throws IOException {
    Map<String, String> env = new java.util.HashMap<>();
    if (options.credentialsFile != null) {
      Properties file = new Properties();
      try (InputStream in = Files.newInputStream(options.credentialsFile)) {
        file.load(in);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new InvalidInputException("--credentials-file", "no such file");
      }
      for (String name : file.stringPropertyNames()) {
        if (!name.matches("(CAPILLARY|CONFLUENCE)_[A-Z0-9_]+")) {
          throw new InvalidInputException("--credentials-file",
              "unknown key " + name.replaceAll("[^A-Za-z0-9_.-]", "?") + " (keys are CAPILLARY_* and CONFLUENCE_*)");
        }
        env.put(name, file.getProperty(name).strip());
      }
    }
    environment.forEach((name, value) -> {
      if (name.startsWith("CAPILLARY_") || name.startsWith("CONFLUENCE_")) {
        env.put(name, value);
      }
    });
    return env;
  }

  private static CapillaryCredentials capillaryCredentials(Map<String, String> env) {
    String user = env.get("CAPILLARY_USERNAME");
    String password = env.get("CAPILLARY_PASSWORD");
    String md5 = env.get("CAPILLARY_PASSWORD_MD5");
    String key = env.get("CAPILLARY_CLIENT_KEY");
    String secret = env.get("CAPILLARY_CLIENT_SECRET");
    if (key != null || secret != null) {
      if (user != null || password != null || md5 != null) {
        throw new InvalidInputException("CAPILLARY_CLIENT_KEY",
            "give CAPILLARY_USERNAME with a password, or CAPILLARY_CLIENT_KEY with CAPILLARY_CLIENT_SECRET, not both");
      }
      if (key == null) {
        throw new InvalidInputException("CAPILLARY_CLIENT_KEY", "is required with CAPILLARY_CLIENT_SECRET");
      }
      if (secret == null) {
        throw new InvalidInputException("CAPILLARY_CLIENT_SECRET", "is required with CAPILLARY_CLIENT_KEY");
      }
      try {
        return CapillaryCredentials.oauth(key, secret);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.field().equals("clientKey") ? "CAPILLARY_CLIENT_KEY"
            : "CAPILLARY_CLIENT_SECRET", e.reason());
      }
    }
    if (user == null && password == null && md5 == null) {
      return null;
    }
    if (user == null) {
      throw new InvalidInputException("CAPILLARY_USERNAME", "is required with CAPILLARY_PASSWORD(_MD5)");
    }
    if (password != null && md5 != null) {
      throw new InvalidInputException("CAPILLARY_PASSWORD", "give CAPILLARY_PASSWORD or CAPILLARY_PASSWORD_MD5, not both");
    }
    if (password == null && md5 == null) {
      throw new InvalidInputException("CAPILLARY_PASSWORD", "is required with CAPILLARY_USERNAME (or CAPILLARY_PASSWORD_MD5)");
    }
    return password != null ? CapillaryCredentials.ofPassword(user, password)
        : CapillaryCredentials.ofPasswordMd5(user, md5);
  }

  private static ConfluenceCredentials confluenceCredentials(Map<String, String> env, PrintWriter err) {
    String email = env.get("CONFLUENCE_EMAIL");
    String token = env.get("CONFLUENCE_API_TOKEN");
    String oauth = env.get("CONFLUENCE_OAUTH_TOKEN");
    String clientId = env.get("CONFLUENCE_OAUTH_CLIENT_ID");
    if (clientId != null || env.containsKey("CONFLUENCE_OAUTH_CLIENT_SECRET")
        || env.containsKey("CONFLUENCE_OAUTH_REFRESH_TOKEN") || env.containsKey(RefreshTokenFile.VARIABLE)) {
      if (email != null || token != null || oauth != null) {
        throw new InvalidInputException("CONFLUENCE_OAUTH_CLIENT_ID", "give one kind of Confluence credentials: "
            + "CONFLUENCE_EMAIL with CONFLUENCE_API_TOKEN, or CONFLUENCE_OAUTH_TOKEN, or the OAuth app's variables");
      }
      return refreshing(env, err);
    }
    if (oauth != null) {
      if (token != null) {
        throw new InvalidInputException("CONFLUENCE_OAUTH_TOKEN", "give CONFLUENCE_API_TOKEN or CONFLUENCE_OAUTH_TOKEN, not both");
      }
      return ConfluenceCredentials.oauth(oauth);
    }
    if (email == null && token == null) {
      return null;
    }
    if (email == null) {
      throw new InvalidInputException("CONFLUENCE_EMAIL", "is required with CONFLUENCE_API_TOKEN");
    }
    if (token == null) {
      throw new InvalidInputException("CONFLUENCE_API_TOKEN", "is required with CONFLUENCE_EMAIL");
    }
    return ConfluenceCredentials.basic(email, token);
  }

  /**
   * An OAuth app's credentials that refresh their access tokens: the client id and secret, and the latest refresh
   * token, from the refresh token file if it holds one (it is newer), else from CONFLUENCE_OAUTH_REFRESH_TOKEN;
   * each rotated refresh token is written to that file.
   */
  private static ConfluenceCredentials refreshing(Map<String, String> env, PrintWriter err) {
    for (String required : new String[] {"CONFLUENCE_OAUTH_CLIENT_ID", "CONFLUENCE_OAUTH_CLIENT_SECRET",
        RefreshTokenFile.VARIABLE}) {
      if (env.get(required) == null) {
        throw new InvalidInputException(required, "is required with an OAuth app's credentials"
            + (required.equals(RefreshTokenFile.VARIABLE) ? ": each rotated refresh token is kept there" : ""));
      }
    }
    RefreshTokenFile file = new RefreshTokenFile(java.nio.file.Path.of(env.get(RefreshTokenFile.VARIABLE)), err);
    String kept = file.read();
    String refreshToken = kept != null ? kept : env.get("CONFLUENCE_OAUTH_REFRESH_TOKEN");
    if (refreshToken == null) {
      throw new InvalidInputException("CONFLUENCE_OAUTH_REFRESH_TOKEN", "is required while "
          + RefreshTokenFile.VARIABLE + " holds no refresh token yet");
    }
    try {
      return ConfluenceCredentials.oauth(env.get("CONFLUENCE_OAUTH_CLIENT_ID"),
          env.get("CONFLUENCE_OAUTH_CLIENT_SECRET"), refreshToken, file::write);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(switch (e.field()) {
        case "clientId" -> "CONFLUENCE_OAUTH_CLIENT_ID";
        case "clientSecret" -> "CONFLUENCE_OAUTH_CLIENT_SECRET";
        default -> kept != null ? RefreshTokenFile.VARIABLE : "CONFLUENCE_OAUTH_REFRESH_TOKEN";
      }, e.reason());
    }
  }

  /**
   * Throws naming what is missing if {@code provider} cannot be reached.
   *
   * @throws InvalidInputException if the provider has no base URL or no credentials
   */
  void require(Provider provider) {
    Problem problem = problemOf(provider);
    if (problem != null) {
      throw new InvalidInputException(problem.field(), problem.reason());
    }
  }

  /** Why {@code provider} cannot be reached, or null if it can. */
  String problem(Provider provider) {
    Problem problem = problemOf(provider);
    return problem == null ? null : problem.reason();
  }

  private Problem problemOf(Provider provider) {
    return provider == Provider.CAPILLARY ? capillaryProblem : confluenceProblem;
  }

  /** A remover for every provider that is configured. */
  MembershipRemover remover(RemoverOptions options) {
    if (capillary != null && confluence != null) {
      return MembershipRemover.routing(vertx, capillary, confluence, options);
    }
    if (capillary != null) {
      return MembershipRemover.capillary(vertx, capillary, options);
    }
    if (confluence != null) {
      return MembershipRemover.confluence(vertx, confluence, options);
    }
    throw new InvalidInputException("--base-url", "no provider is configured: " + capillaryProblem.reason() + "; "
        + confluenceProblem.reason());
  }

  @Override
  public void close() {
    if (sandbox != null) {
      Await.result(sandbox.close());
    }
    Await.result(vertx.close());
  }
}
