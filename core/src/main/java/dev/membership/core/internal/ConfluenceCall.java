package dev.membership.core.internal;

import dev.membership.confluence.generated.api.GroupApi;
import dev.membership.confluence.generated.api.GroupApiImpl;
import dev.membership.confluence.generated.invoker.ApiClient;
import dev.membership.confluence.generated.invoker.ApiException;
import dev.membership.confluence.generated.invoker.MembershipApiClient;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.RejectionReason;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalTracer;
import dev.membership.core.RemoverOptions;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * One attempt through the generated Confluence client. Confluence answers 204 whether or not the user was in the
 * group, so its outcomes are {@code Removed} or {@code Rejected}, never {@code NotAMember}.
 */
final class ConfluenceCall implements ProviderCall {

  /** Every 204 is the same immutable answer. */
  private static final Attempt REMOVED = new Attempt.Answered(new RemovalOutcome.Removed(204, List.of()));

  private final MembershipApiClient client;
  private final GroupApi api;
  private final Redactor redactor;
  private final RemovalTracer.HttpRequestTarget target;
  /** The access tokens of refreshing OAuth credentials or a token source, else null. */
  private final AccessTokens tokens;

  ConfluenceCall(Vertx vertx, ConfluenceConfig config, RemoverOptions options, Scheduler scheduler) {
    ConfluenceCredentials credentials = config.credentials();
    ConfluenceCredentials.Basic basic = credentials instanceof ConfluenceCredentials.Basic b ? b : null;
    ConfluenceCredentials.OAuth oauth = credentials instanceof ConfluenceCredentials.OAuth o ? o : null;
    this.redactor = basic != null ? new Redactor(basic.email(), basic.apiToken())
        : new Redactor(null, oauth.accessToken(), oauth.clientSecret(), oauth.refreshToken());
    this.target = Urls.target("DELETE", config.baseUrl(), "/wiki/rest/api/group/userByGroupId");
    this.client = new MembershipApiClient(vertx, ClientConfigs.client(config.baseUrl(), options,
        "membership-toolkit"), ClientConfigs.pool(options), ClientConfigs.connectionFailures(provider(), redactor),
        TrustedCertificates.withJvmDefaults(config.trustedCertificates()));
    TokenFetch source = oauth == null ? null : oauth.tokenSource() != null ? oauth.tokenSource()::fetch
        : oauth.clientId() != null ? new AtlassianTokens(vertx, config, oauth, options, scheduler, redactor) : null;
    this.tokens = source == null ? null
        : new AccessTokens(source, scheduler, options.attemptTimeout(), redactor, "confluence");
    if (basic != null) {
      client.setUsername(basic.email());
      client.setPassword(basic.apiToken());
    } else if (tokens == null) {
      client.setAccessToken(oauth.accessToken());
    }
    this.api = new GroupApiImpl(client);
  }

  @Override
  public RemovalTracer.HttpRequestTarget target() {
    return target;
  }

  @Override
  public Provider provider() {
    return Provider.CONFLUENCE;
  }

  @Override
  public void send(Membership membership, Exchange exchange) {
    ProviderCall.withToken(tokens, exchange, token -> remove((Membership.Confluence) membership, token, exchange));
  }

  /** Sends the removal with {@code token}, or with the client's fixed credentials if null. */
  private void remove(Membership.Confluence m, String token, Exchange exchange) {
    api.removeMemberFromGroupByGroupId(m.groupId(), m.accountId(),
        token == null ? null : ApiClient.AuthInfo.forOAuthDefinitionsAuthentication(token),
        ProviderCall.<Void>handler(exchange, redactor,
            result -> result.succeeded() ? REMOVED : fromFailure(result.cause(), token)));
  }

  private Attempt fromFailure(Throwable failure, String token) {
    ApiException api = failure instanceof ApiException e ? e : null;
    Attempt common = Attempt.ofClientFailure(failure, api == null ? -1 : api.getCode());
    if (common != null) {
      return common;
    }
    int status = api.getCode();
    if (status == 401 || status == 403 && tokens != null) {
      // With a token that can be renewed, once more with a new one before the refusal counts.
      if (tokens != null) {
        tokens.rejected(token);
      }
      return new Attempt.Unauthorized(status, List.of(), tokens != null, false);
    }
    RejectionReason reason = switch (status) {
      case 400 -> RejectionReason.BAD_REQUEST;
      case 403 -> RejectionReason.FORBIDDEN;
      case 404 -> RejectionReason.GROUP_OR_MEMBER_NOT_FOUND;
      default -> null;
    };
    if (reason == null) {
      return new Attempt.Unexpected(status, api.getResponseBody(), null);
    }
    return new Attempt.Answered(new RemovalOutcome.Rejected(reason, status, List.of()));
  }

  @Override
  public Future<Void> close() {
    return ProviderCall.close(client.close(), tokens);
  }
}
