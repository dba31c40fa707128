package dev.membership.core.internal;

import dev.membership.atlassian.oauth.generated.api.OAuthApi;
import dev.membership.atlassian.oauth.generated.api.OAuthApiImpl;
import dev.membership.atlassian.oauth.generated.invoker.ApiException;
import dev.membership.atlassian.oauth.generated.invoker.MembershipApiClient;
import dev.membership.atlassian.oauth.generated.model.RefreshRequest;
import dev.membership.atlassian.oauth.generated.model.TokenError;
import dev.membership.atlassian.oauth.generated.model.TokenResponse;
import dev.membership.core.AccessToken;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Provider;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RemoverOptions;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atlassian access tokens, refreshed through the client generated from {@code specs/atlassian-oauth-token.yaml}.
 * Refresh tokens rotate: each answer's refresh token replaces the one sent (which Atlassian disables). So a
 * refresh is never cut off when the keeper stops waiting for it, nor when the remover closes: its answer is kept
 * whenever it comes, within {@link #PATIENCE}, and the next refresh (the keeper makes one at a time) sends the
 * latest refresh token. An answer lost on the way cannot be made up for: the next refresh sends a disabled token
 * and is refused.
 */
final class AtlassianTokens implements TokenFetch {

  private static final Logger LOG = LoggerFactory.getLogger(AtlassianTokens.class);

  /** How long a refresh is waited for before its request is reset and its answer taken for lost. */
  static final Duration PATIENCE = Duration.ofMinutes(2);

  private final MembershipApiClient client;
  private final OAuthApi api;
  private final String clientId;
  private final String clientSecret;
  private final Consumer<String> onRotated;
  private final Redactor redactor;
  private final TokenExchange exchange = new TokenExchange();
  private final Scheduler scheduler;
  /** The latest refresh token, and the refresh in flight (completed if none); under this object's lock. */
  private String refreshToken;
  private Future<?> inFlight = Future.succeededFuture();

  AtlassianTokens(Vertx vertx, ConfluenceConfig config, ConfluenceCredentials.OAuth credentials,
      RemoverOptions options, Scheduler scheduler, Redactor redactor) {
    this.scheduler = scheduler;
    this.redactor = redactor;
    this.clientId = credentials.clientId();
    this.clientSecret = credentials.clientSecret();
    this.refreshToken = credentials.refreshToken();
    this.onRotated = credentials.onRefreshTokenRotated();
    this.client = new MembershipApiClient(vertx, ClientConfigs.client(config.authServerUrl(), options,
        "membership-toolkit"), ClientConfigs.tokenPool(),
        ClientConfigs.connectionFailures(Provider.CONFLUENCE, redactor),
        TrustedCertificates.withJvmDefaults(config.trustedCertificates()));
    this.api = new OAuthApiImpl(client);
  }

  @Override
  public Future<AccessToken> fetch() {
    String sent;
    Promise<TokenResponse> answered = Promise.promise();
    synchronized (this) {
      sent = refreshToken;
      inFlight = answered.future();
    }
    Scheduler.Timer patience = scheduler.timeout(PATIENCE, exchange::abort);
    api.refreshToken(new RefreshRequest().grantType(RefreshRequest.GrantTypeEnum.REFRESH_TOKEN).clientId(clientId)
        .clientSecret(clientSecret).refreshToken(sent), exchange.handler(answered));
    return answered.future().transform(result -> {
      patience.cancel();
      return result.succeeded() ? Future.succeededFuture(token(result.result()))
          : Future.failedFuture(failure(result.cause()));
    });
  }

  private AccessToken token(TokenResponse response) {
    String rotated = response.getRefreshToken();
    if (rotated != null && !rotated.isBlank()) {
      redactor.learn(rotated);
      synchronized (this) {
        refreshToken = rotated;
      }
      try {
        onRotated.accept(rotated);
      } catch (RuntimeException e) {
        LOG.warn("onRefreshTokenRotated threw {}: the latest refresh token may not have been kept",
            e.getClass().getName());
      }
    }
    if (response.getAccessToken() == null || response.getAccessToken().isBlank()) {
      throw new IllegalStateException("the token endpoint answered without an access token");
    }
    Long expiresIn = response.getExpiresIn();
    return expiresIn == null || expiresIn <= 0 ? AccessToken.of(response.getAccessToken())
        : AccessToken.of(response.getAccessToken(), Duration.ofSeconds(expiresIn));
  }

  /** A refusal (400, 401, 403: {@code invalid_grant}, {@code access_denied}) is final; anything else is not. */
  private Throwable failure(Throwable cause) {
    if (cause instanceof ApiException api && TokenExchange.refuses(api.getCode())) {
      return new TokenRefusedException(api.getCode(), messages(api.getResponseBody()));
    }
    return TokenExchange.unavailable(cause, cause instanceof ApiException api ? api.getCode() : 0, redactor);
  }

  /** The OAuth error code and description, redacted; empty if the body is not the documented one. */
  private List<ProviderMessage> messages(String body) {
    try {
      TokenError error = body == null ? null : client.getObjectMapper().readValue(body, TokenError.class);
      if (error == null || error.getError() == null) {
        return List.of();
      }
      String description = error.getErrorDescription();
      return List.of(new ProviderMessage(0, redactor.redactKept(error.getError()
          + (description == null ? "" : ": " + description))));
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Closes the client once the refresh in flight, if any, has its answer (or has been waited for too long). */
  @Override
  public Future<Void> close() {
    Future<?> last;
    synchronized (this) {
      last = inFlight;
    }
    return last.transform(ignored -> client.close());
  }
}
