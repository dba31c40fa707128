package dev.membership.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.membership.capillary.generated.api.UserGroupApi;
import dev.membership.capillary.generated.api.UserGroupApiImpl;
import dev.membership.capillary.generated.invoker.ApiException;
import dev.membership.capillary.generated.invoker.MembershipApiClient;
import dev.membership.capillary.generated.model.ApiMessage;
import dev.membership.capillary.generated.model.IdentifierName;
import dev.membership.capillary.generated.model.LeaveGroupResponse;
import dev.membership.capillary.generated.model.Source;
import dev.membership.core.CapillaryConfig;
import dev.membership.core.Membership;
import dev.membership.core.Provider;
import dev.membership.core.ProviderMessage;
import dev.membership.core.RejectionReason;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemoverOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  CapillaryCall(Vertx vertx, CapillaryConfig config, RemoverOptions options) {
    this.client = new MembershipApiClient(vertx,
        ClientConfigs.client(config.baseUrl(), options, "membership-toolkit"), ClientConfigs.pool(options));
    client.setUsername(config.credentials().username());
    client.setPassword(config.credentials().passwordMd5());
    this.api = new UserGroupApiImpl(client);
    this.mapper = client.getObjectMapper();
    this.redactor = new Redactor(config.credentials().username(), config.credentials().passwordMd5());
  }

  @Override
  public Provider provider() {
    return Provider.CAPILLARY;
  }

  @Override
  public void send(Membership membership, Exchange exchange) {
    Membership.Capillary m = (Membership.Capillary) membership;
    api.leaveUserGroup(m.groupId(), Source.fromValue(m.source().name()),
        IdentifierName.fromValue(m.identifierName().wireName()), m.identifierValue(), m.accountId(),
        ProviderCall.<LeaveGroupResponse>handler(exchange,
            result -> result.succeeded() ? fromBody(result.result()) : fromFailure(result.cause())));
  }

  private Attempt fromBody(LeaveGroupResponse body) {
    return fromBody(200, body);
  }

  private Attempt fromBody(int status, LeaveGroupResponse body) {
    List<ProviderMessage> errors = messages(body.getErrors());
    if (Boolean.TRUE.equals(body.getSuccess()) && errors.isEmpty()) {
      return new Attempt.Answered(new RemovalOutcome.Removed(status, messages(body.getWarnings())));
    }
    return new Attempt.Answered(refusal(status, errors));
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
      case 401 -> RejectionReason.UNAUTHORIZED;
      case 403 -> RejectionReason.FORBIDDEN;
      case 404 -> RejectionReason.GROUP_OR_MEMBER_NOT_FOUND;
      default -> status == 201 || !errors.isEmpty() && status / 100 == 2
          ? RejectionReason.PARTIALLY_PROCESSED : RejectionReason.REFUSED;
    };
    return new RemovalOutcome.Rejected(reason, status, errors);
  }

  private List<ProviderMessage> messages(List<ApiMessage> messages) {
    if (messages == null) {
      return List.of();
    }
    return messages.stream()
        .map(m -> new ProviderMessage(m.getCode() == null ? 0 : m.getCode(), redactor.redact(m.getMessage())))
        .toList();
  }

  private Attempt fromFailure(Throwable failure) {
    ApiException api = failure instanceof ApiException e ? e : null;
    Attempt common = Attempt.ofClientFailure(failure, api == null ? -1 : api.getCode(),
        api == null ? null : api.getResponseHeaders());
    if (common != null) {
      return common;
    }
    int status = api.getCode();
    String body = redactor.redact(api.getResponseBody());
    boolean documented = status == 400 || status == 401 || status == 403 || status == 404;
    if (!documented) {
      return new Attempt.Unexpected(status, body, null);
    }
    LeaveGroupResponse decoded = decode(body);
    List<ProviderMessage> errors = decoded == null ? List.of() : messages(decoded.getErrors());
    return new Attempt.Answered(refusal(status, errors));
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
  public String redact(String text) {
    return redactor.redact(text);
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
