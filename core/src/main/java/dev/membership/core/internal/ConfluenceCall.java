package dev.membership.core.internal;

import dev.membership.confluence.generated.api.GroupApi;
import dev.membership.confluence.generated.api.GroupApiImpl;
import dev.membership.confluence.generated.invoker.ApiException;
import dev.membership.confluence.generated.invoker.MembershipApiClient;
import dev.membership.core.ConfluenceConfig;
import dev.membership.core.ConfluenceCredentials;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.RejectionReason;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
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

  ConfluenceCall(Vertx vertx, ConfluenceConfig config, RemoverOptions options) {
    ConfluenceCredentials credentials = config.credentials();
    this.redactor = new Redactor(credentials.isOAuth() ? null : credentials.email(), credentials.secret());
    this.client = new MembershipApiClient(vertx, ClientConfigs.client(config.baseUrl(), options,
        "membership-toolkit"), ClientConfigs.pool(options), ClientConfigs.connectionFailures(provider(), redactor),
        TrustedCertificates.withJvmDefaults(config.trustedCertificates()));
    if (credentials.isOAuth()) {
      client.setAccessToken(credentials.secret());
    } else {
      client.setUsername(credentials.email());
      client.setPassword(credentials.secret());
    }
    this.api = new GroupApiImpl(client);
  }

  @Override
  public Provider provider() {
    return Provider.CONFLUENCE;
  }

  @Override
  public void send(Membership membership, Exchange exchange) {
    Membership.Confluence m = (Membership.Confluence) membership;
    api.removeMemberFromGroupByGroupId(m.groupId(), m.accountId(),
        ProviderCall.<Void>handler(exchange, redactor,
            result -> result.succeeded() ? REMOVED : fromFailure(result.cause())));
  }

  private Attempt fromFailure(Throwable failure) {
    ApiException api = failure instanceof ApiException e ? e : null;
    Attempt common = Attempt.ofClientFailure(failure, api == null ? -1 : api.getCode(),
        api == null ? null : api.getResponseHeaders());
    if (common != null) {
      return common;
    }
    int status = api.getCode();
    if (status == 401) {
      return new Attempt.Unauthorized(status, List.of());
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
    return client.close();
  }
}
