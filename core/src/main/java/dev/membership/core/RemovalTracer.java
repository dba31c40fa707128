package dev.membership.core;

/**
 * Where a tracing library opens a span for each removal and a child span for each of its HTTP attempts: set with
 * {@link RemoverOptions.Builder#tracer(RemovalTracer)}. {@code membership-opentelemetry} implements it for
 * OpenTelemetry. What the remover hands over carries no identifier value, account id, URL query or credential.
 * Methods are called on the event loop (but {@link #parent()}, see there) and must not block; none of them may
 * throw.
 */
public interface RemovalTracer {

  /**
   * Called on the thread that calls {@link MembershipRemover#remove} or {@code removeAll}, before it returns: what
   * it returns opens the spans of the removals that call starts, so the caller's current span can be their parent.
   */
  Parent parent();

  /** Opens the span of each removal one call starts. */
  interface Parent {
    /** A removal through {@code provider} starts (a bulk run's when its turn comes). */
    RemovalSpan removal(Provider provider);
  }

  /** One removal's span: told of each attempt, then ended once. */
  interface RemovalSpan {
    /**
     * Attempt {@code attempt} (1-based; every attempt after the first is a resend, a request sent again with a
     * renewed access token included) is about to be sent as {@code request}.
     */
    AttemptSpan attempt(int attempt, HttpRequestTarget request);

    /** The removal ended with {@code outcome} after {@code attempts} attempts. */
    void succeeded(RemovalOutcome outcome, int attempts);

    /** The removal failed with {@code failure} after {@code attempts} attempts. */
    void failed(RemovalException failure, int attempts);
  }

  /** One attempt's span: ended once, by one of its methods. */
  interface AttemptSpan {
    /** The provider answered with HTTP {@code status}. */
    void answered(int status);

    /**
     * No usable answer came: {@code errorType} says why, low in cardinality: {@code timeout}, {@code cancelled}
     * (the removal ended meanwhile), {@code token} (no access token to send), the class name of the failure (a
     * transport failure such as {@code java.net.ConnectException}, or an answer that could not be read), or
     * {@code _OTHER}.
     */
    void failed(String errorType);
  }

  /**
   * What an attempt sends, for the OpenTelemetry HTTP client conventions: the method, the host and port of the
   * provider, and the path as a template (its parameters not filled in, so it holds no identifier).
   */
  record HttpRequestTarget(String method, String serverAddress, int serverPort, String urlTemplate) {}

  /** The tracer that opens no span (always the same instance). */
  static RemovalTracer none() {
    return NoRemovalTracer.INSTANCE;
  }
}
