package dev.membership.core.internal;

import dev.membership.capillary.oauth.generated.api.OAuthApi;
import dev.membership.capillary.oauth.generated.api.OAuthApiImpl;
import dev.membership.capillary.oauth.generated.invoker.ApiException;
import dev.membership.capillary.oauth.generated.invoker.MembershipApiClient;
import dev.membership.capillary.oauth.generated.model.TokenError;
import dev.membership.capillary.oauth.generated.model.TokenRefusal;
import dev.membership.capillary.oauth.generated.model.TokenRequest;
import dev.membership.capillary.oauth.generated.model.TokenResponse;
import dev.membership.core.AccessToken;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.Provider;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Capillary access tokens, generated from an API client's key and secret through the client generated from
 * {@code specs/capillary-oauth-token.yaml}, on the removal's host.
 */
final class CapillaryTokens implements TokenFetch {

  private final MembershipApiClient client;
  private final OAuthApi api;
  private final TokenRequest request;
  private final Redactor redactor;
  private final TokenExchange exchange = new TokenExchange();

  CapillaryTokens(Vertx vertx, CapillaryConfig config, RemoverOptions options, Redactor redactor) {
    this.redactor = redactor;
    this.client = new MembershipApiClient(vertx, ClientConfigs.client(config.baseUrl(), options,
        "membership-toolkit"), ClientConfigs.tokenPool(), ClientConfigs.connectionFailures(Provider.CAPILLARY, redactor),
        TrustedCertificates.withJvmDefaults(config.trustedCertificates()));
    this.api = new OAuthApiImpl(client);
    this.request = new TokenRequest().key(config.credentials().clientKey()).secret(config.credentials().clientSecret());
  }

  @Override
  public Future<AccessToken> fetch() {
    Promise<TokenResponse> answered = Promise.promise();
    api.generateToken(request, exchange.handler(answered));
    return answered.future().transform(result -> result.succeeded() ? Future.succeededFuture(token(result.result()))
        : Future.failedFuture(failure(result.cause())));
  }

  private static AccessToken token(TokenResponse response) {
    if (response.getData() == null || response.getData().getAccessToken() == null
        || response.getData().getAccessToken().isBlank()) {
      throw new IllegalStateException("the token endpoint answered without a token");
    }
    Long ttl = response.getData().getTtlSeconds();
    return ttl == null || ttl <= 0 ? AccessToken.of(response.getData().getAccessToken())
        : AccessToken.of(response.getData().getAccessToken(), Duration.ofSeconds(ttl));
  }

  /** A refusal of the key and secret (400, 401, 403) is final; anything else is not. */
  private Throwable failure(Throwable cause) {
    if (cause instanceof ApiException api && TokenExchange.refuses(api.getCode())) {
      return new TokenRefusedException(api.getCode(), messages(api.getResponseBody()));
    }
    return TokenExchange.unavailable(cause, cause instanceof ApiException api ? api.getCode() : 0, redactor);
  }

  private List<ProviderMessage> messages(String body) {
    List<ProviderMessage> said = new ArrayList<>();
    try {
      TokenRefusal refusal = body == null ? null : client.getObjectMapper().readValue(body, TokenRefusal.class);
      if (refusal != null && refusal.getErrors() != null) {
        for (TokenError error : refusal.getErrors()) {
          if (error != null) {
            said.add(new ProviderMessage(error.getCode() == null ? 0 : error.getCode(),
                redactor.redactKept(error.getMessage())));
          }
        }
      }
    } catch (Exception e) {
      // An undocumented body: the status says enough.
    }
    return said;
  }

  @Override
  public void abort() {
    exchange.abort();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
