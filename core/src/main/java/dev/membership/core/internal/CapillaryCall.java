package dev.membership.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.membership.capillary.generated.api.UserGroupApi;
import dev.membership.capillary.generated.api.UserGroupApiImpl;
import dev.membership.capillary.generated.invoker.ApiClient;
import dev.membership.capillary.generated.invoker.ApiException;
import dev.membership.capillary.generated.invoker.MembershipApiClient;
import dev.membership.capillary.generated.model.ApiMessage;
import dev.membership.capillary.generated.model.IdentifierName;
import dev.membership.capillary.generated.model.LeaveGroupResponse;
import dev.membership.capillary.generated.model.Source;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.CapillaryCredentials;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RejectionReason;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalTracer;
import dev.membership.core.RemoverOptions;
import dev.membership.core.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt through the generated Capillary client, and the translation of its answer. Capillary says no
 * either with HTTP 200 and {@code success:false} or with a 4xx and the same body; both map to the same outcome.
 */
final class CapillaryCall implements ProviderCall {

  static final int NOT_A_MEMBER = 1620;
  static final int INVALID_GROUP = 1619;
  static final int CUSTOMER_NOT_FOUND = 8015;
  static final int CUSTOMER_MERGED = 8069;

  private final MembershipApiClient client;
  private final UserGroupApi api;
  private final ObjectMapper mapper;
  private final Redactor redactor;
  private final RemovalTracer.HttpRequestTarget target;
  /** The OAuth access tokens, or null for Basic credentials. */
  private final AccessTokens tokens;

  CapillaryCall(Vertx vertx, CapillaryConfig config, RemoverOptions options, Scheduler scheduler) {
    CapillaryCredentials credentials = config.credentials();
    // Every form of the password a server could echo: the md5 hex that is sent, in either case (whose Basic values
    // differ), and the clear password if it was configured.
    this.redactor = credentials.isOAuth() ? new Redactor(null, credentials.clientSecret())
        : new Redactor(credentials.username(), credentials.passwordMd5(),
            credentials.passwordMd5().toUpperCase(java.util.Locale.ROOT), credentials.password());
    this.target = Urls.target("DELETE", config.baseUrl(), "/v2/userGroup2/{groupId}/leave");
    this.client = new MembershipApiClient(vertx, ClientConfigs.client(config.baseUrl(), options,
        "membership-toolkit"), ClientConfigs.pool(options), ClientConfigs.connectionFailures(provider(), redactor),
        TrustedCertificates.withJvmDefaults(config.trustedCertificates()));
    if (credentials.isOAuth()) {
      TokenFetch source = credentials.tokenSource() != null ? credentials.tokenSource()::fetch
          : new CapillaryTokens(vertx, config, options, redactor);
      this.tokens = new AccessTokens(source, scheduler, options.attemptTimeout(), redactor, "capillary");
    } else {
      this.tokens = null;
      client.setUsername(credentials.username());
      client.setPassword(credentials.passwordMd5());
    }
    this.api = new UserGroupApiImpl(client);
    this.mapper = client.getObjectMapper();
  }

  @Override
  public RemovalTracer.HttpRequestTarget target() {
    return target;
  }

  @Override
  public Provider provider() {
    return Provider.CAPILLARY;
  }

  @Override
  public void send(Membership membership, Exchange exchange) {
    ProviderCall.withToken(tokens, exchange, token -> leave((Membership.Capillary) membership, token, exchange));
  }

  /** Sends the removal with {@code token}, or with Basic credentials if null. */
  private void leave(Membership.Capillary m, String token, Exchange exchange) {
    api.leaveUserGroup(m.groupId(), Source.fromValue(m.source().name()),
        IdentifierName.fromValue(m.identifierName().wireName()), m.identifierValue(), m.accountId(),
        token == null ? null : ApiClient.AuthInfo.forOauthTokenAuthentication(token, null),
        ProviderCall.<LeaveGroupResponse>handler(exchange, redactor,
            result -> result.succeeded() ? fromBody(200, result.result()) : fromFailure(result.cause(), token)));
  }

  /** What a 2xx body comes to; {@code success} is required, and neither list may hold a null item. */
  private Attempt fromBody(int status, LeaveGroupResponse body) {
    if (body == null) {
      return new Attempt.Unexpected(status, "", new UndocumentedShape("a JSON null where the body is documented"));
    }
    if (body.getSuccess() == null) {
      return new Attempt.Unexpected(status, "", new UndocumentedShape("no success field"));
    }
    try {
      List<ProviderMessage> errors = messages(body.getErrors());
      if (body.getSuccess() && errors.isEmpty()) {
        return new Attempt.Answered(new RemovalOutcome.Removed(status, messages(body.getWarnings())));
      }
      return new Attempt.Answered(refusal(status, errors));
    } catch (UndocumentedShape e) {
      return new Attempt.Unexpected(status, "", e);
    }
  }

  private RemovalOutcome refusal(int status, List<ProviderMessage> errors) {
    for (ProviderMessage error : errors) {
      switch (error.code()) {
        case NOT_A_MEMBER:
          return new RemovalOutcome.NotAMember(status, errors);
        case INVALID_GROUP:
          return new RemovalOutcome.Rejected(RejectionReason.GROUP_NOT_FOUND, status, errors);
        case CUSTOMER_NOT_FOUND:
          return new RemovalOutcome.Rejected(RejectionReason.MEMBER_NOT_FOUND, status, errors);
        case CUSTOMER_MERGED:
          return new RemovalOutcome.Rejected(RejectionReason.CUSTOMER_MERGED, status, errors);
        default:
          break;
      }
    }
    RejectionReason reason = switch (status) {
      case 400 -> RejectionReason.BAD_REQUEST;
      case 403 -> RejectionReason.FORBIDDEN;
      case 404 -> RejectionReason.GROUP_OR_MEMBER_NOT_FOUND;
      default -> status == 201 || !errors.isEmpty() && status / 100 == 2
          ? RejectionReason.PARTIALLY_PROCESSED : RejectionReason.REFUSED;
    };
    return new RemovalOutcome.Rejected(reason, status, errors);
  }

  /** The provider's messages, redacted; a null item is not the documented shape. */
  private List<ProviderMessage> messages(List<ApiMessage> messages) {
    if (messages == null) {
      return List.of();
    }
    List<ProviderMessage> mapped = new ArrayList<>(messages.size());
    for (ApiMessage m : messages) {
      if (m == null) {
        throw new UndocumentedShape("a null item in warnings or errors");
      }
      mapped.add(new ProviderMessage(m.getCode() == null ? 0 : m.getCode(), redactor.redactKept(m.getMessage())));
    }
    return mapped;
  }

  /** A decoded body that is not the shape the spec documents. */
  private static final class UndocumentedShape extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UndocumentedShape(String message) {
      super(message);
    }
  }

  private Attempt fromFailure(Throwable failure, String token) {
    ApiException api = failure instanceof ApiException e ? e : null;
    Attempt common = Attempt.ofClientFailure(failure, api == null ? -1 : api.getCode());
    if (common != null) {
      return common;
    }
    int status = api.getCode();
    String body = api.getResponseBody();
    boolean documented = status == 400 || status == 401 || status == 403 || status == 404;
    if (!documented) {
      return new Attempt.Unexpected(status, body, null);
    }
    // A documented refusal whose body cannot be read is still that refusal, told by its status.
    LeaveGroupResponse decoded = decode(body);
    if (status == 401 || status == 403 && tokens != null) {
      // Whatever the body says, and whatever its shape: the credentials were refused (with a token that can be
      // renewed, once more with a new one before it counts).
      List<ProviderMessage> said;
      try {
        said = decoded == null ? List.of() : messages(decoded.getErrors());
      } catch (UndocumentedShape e) {
        said = List.of();
      }
      if (tokens != null) {
        tokens.rejected(token);
      }
      return new Attempt.Unauthorized(status, said, tokens != null, false);
    }
    try {
      List<ProviderMessage> errors = decoded == null ? List.of() : messages(decoded.getErrors());
      return new Attempt.Answered(refusal(status, errors));
    } catch (UndocumentedShape e) {
      return new Attempt.Unexpected(status, body, e);
    }
  }

  private LeaveGroupResponse decode(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return mapper.readValue(body, LeaveGroupResponse.class);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public Future<Void> close() {
    return ProviderCall.close(client.close(), tokens);
  }
}
