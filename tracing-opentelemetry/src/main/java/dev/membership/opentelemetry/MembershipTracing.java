package dev.membership.opentelemetry;

import dev.membership.core.RemovalException;
import dev.membership.core.RemovalOutcome;
import dev.membership.core.RemovalTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link RemovalTracer} that opens OpenTelemetry spans: one {@code membership.remove} span (kind internal) per
 * removal, and under it one client span per HTTP attempt, named and described after the OpenTelemetry HTTP client
 * conventions ({@code http.request.method}, {@code server.address}, {@code server.port}, {@code url.template},
 * {@code http.request.resend_count} from the second attempt on, {@code http.response.status_code}, and
 * {@code error.type} for a status of 400 or more or for no answer).
 *
 * <p>A removal's parent is the span current where {@code remove} or {@code removeAll} was called: with Vert.x
 * built with {@code new OpenTelemetryTracingFactory(openTelemetry)} (vertx-opentelemetry), that is the span of
 * the server request being handled, kept in its Vert.x context. Spans hold no identifier value, account id, URL
 * query or credential, and no exception text. Set it with {@code RemoverOptions.builder().tracer(...)}.
 */
public final class MembershipTracing implements RemovalTracer {

  /** The instrumentation scope of every span. */
  public static final String INSTRUMENTATION_SCOPE = "dev.membership";

  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("membership.provider");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("membership.outcome");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("membership.reason");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("membership.attempts");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final Tracer tracer;

  private MembershipTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Spans through {@code openTelemetry}'s tracer provider (the one Vert.x is built with, for one trace). */
  public static MembershipTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry == null");
    return new MembershipTracing(openTelemetry.getTracer(INSTRUMENTATION_SCOPE));
  }

  @Override
  public Parent parent() {
    Context parent = Context.current();
    return provider -> new RemovalSpanOf(parent, tracer.spanBuilder("membership.remove")
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(PROVIDER, provider.key())
        .startSpan());
  }

  @Override
  public String toString() {
    return "MembershipTracing";
  }


  private final class RemovalSpanOf implements RemovalSpan {
    private final Context context;
    private final Span span;

    RemovalSpanOf(Context parent, Span span) {
      this.context = parent.with(span);
      this.span = span;
    }

    @Override
    public AttemptSpan attempt(int attempt, HttpRequestTarget request) {
      SpanBuilder builder = tracer.spanBuilder(request.method() + " " + request.urlTemplate())
          .setParent(context)
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(METHOD, request.method())
          .setAttribute(SERVER_ADDRESS, request.serverAddress())
          .setAttribute(SERVER_PORT, (long) request.serverPort())
          .setAttribute(URL_TEMPLATE, request.urlTemplate());
      if (attempt > 1) {
        builder.setAttribute(RESEND_COUNT, (long) attempt - 1);
      }
      return new AttemptSpanOf(builder.startSpan());
    }

    @Override
    public void succeeded(RemovalOutcome outcome, int attempts) {
      span.setAttribute(ATTEMPTS, (long) attempts);
      span.setAttribute(OUTCOME, outcome.kind());
      if (outcome instanceof RemovalOutcome.Rejected rejected) {
        span.setAttribute(REASON, rejected.reason().name().toLowerCase(Locale.ROOT));
      }
      span.end();
    }

    @Override
    public void failed(RemovalException failure, int attempts) {
      span.setAttribute(ATTEMPTS, (long) attempts);
      span.setAttribute(OUTCOME, "failed");
      span.setAttribute(ERROR_TYPE, failure.getClass().getName());
      span.setStatus(StatusCode.ERROR);
      span.end();
    }
  }

  private static final class AttemptSpanOf implements AttemptSpan {
    private final Span span;

    AttemptSpanOf(Span span) {
      this.span = span;
    }

    @Override
    public void answered(int status) {
      span.setAttribute(STATUS_CODE, (long) status);
      if (status >= 400) {
        span.setAttribute(ERROR_TYPE, Integer.toString(status));
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }

    @Override
    public void failed(String errorType) {
      span.setAttribute(ERROR_TYPE, errorType);
      span.setStatus(StatusCode.ERROR);
      span.end();
    }
  }
}
