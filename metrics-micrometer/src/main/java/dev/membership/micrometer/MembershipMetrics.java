package dev.membership.micrometer;

import dev.membership.core.CredentialsRejectedException;
import dev.membership.core.LaneState;
import dev.membership.core.Membership;
import dev.membership.core.MembershipRemover;
import dev.membership.core.Provider;
import dev.membership.core.RemovalException;
import dev.membership.core.RemovalListener;
import dev.membership.core.RemovalOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Micrometer meters of a remover, fed by the {@link RemovalListener} events it receives. Give it to the options
 * ({@code RemoverOptions.builder().listener(metrics)}, or with another listener through
 * {@link RemovalListener#both}) and {@linkplain #bindLanes bind} the remover's lanes once it is built. The meters
 * ({@code membership.removals}, {@code membership.removal.duration}, {@code membership.attempts},
 * {@code membership.retries}, {@code membership.lane.open}, {@code membership.lane.rate}) and their tags are listed
 * in docs/METRICS.md. No tag holds an identifier, an account id or a group id. Thread-safe.
 */
public final class MembershipMetrics implements RemovalListener {

  private final MeterRegistry registry;

  /** Meters registered in {@code registry}. */
  public MembershipMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
  }

  /** Registers the gauges of {@code remover}'s lanes: read from it whenever the registry is scraped. */
  public MembershipMetrics bindLanes(MembershipRemover remover) {
    Objects.requireNonNull(remover, "remover == null");
    for (LaneState lane : remover.lanes()) {
      Provider provider = lane.provider();
      Gauge.builder("membership.lane.open", remover, r -> state(r, provider).status() == LaneState.Status.OPEN
              ? 1 : 0)
          .tag("provider", provider.key()).description("1 while the provider's lane is open").register(registry);
      Gauge.builder("membership.lane.rate", remover, r -> rate(state(r, provider)))
          .tag("provider", provider.key()).baseUnit("permits/s").description("the lane's current rate")
          .register(registry);
    }
    return this;
  }

  private static LaneState state(MembershipRemover remover, Provider provider) {
    return remover.lanes().stream().filter(lane -> lane.provider() == provider).findFirst().orElseThrow();
  }

  private static double rate(LaneState lane) {
    return Double.isInfinite(lane.rate()) ? Double.NaN : lane.rate();
  }

  @Override
  public void onRetry(Membership membership, int attempt, int status, Duration delay) {
    String provider = membership.provider().key();
    attempts(provider, status);
    Counter.builder("membership.retries").tag("provider", provider).tag("status", status(status))
        .description("attempts retried").register(registry).increment();
  }

  @Override
  public void onOutcome(Membership membership, RemovalOutcome outcome, int attempts, Duration latency) {
    String provider = membership.provider().key();
    String reason = outcome instanceof RemovalOutcome.Rejected rejected
        ? rejected.reason().name().toLowerCase(Locale.ROOT) : "none";
    attempts(provider, outcome.status());
    finished(provider, outcome.kind(), reason, latency);
  }

  @Override
  public void onFailure(Membership membership, RemovalException failure, Duration latency) {
    String provider = membership.provider().key();
    if (failure.attempts() > 0) {
      attempts(provider, failure.status());
    }
    String reason = failure instanceof CredentialsRejectedException ? "unauthorized"
        : failure.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1_$2")
            .toLowerCase(Locale.ROOT);
    finished(provider, "failed", reason, latency);
  }

  private void attempts(String provider, int status) {
    Counter.builder("membership.attempts").tag("provider", provider).tag("status", status(status))
        .description("attempts answered, by status").register(registry).increment();
  }

  private void finished(String provider, String outcome, String reason, Duration latency) {
    Counter.builder("membership.removals").tag("provider", provider).tag("outcome", outcome).tag("reason", reason)
        .description("removals finished").register(registry).increment();
    Timer.builder("membership.removal.duration").tag("provider", provider).tag("outcome", outcome)
        .description("time from a removal's start to its result, waits included").register(registry).record(latency);
  }

  private static String status(int status) {
    return status > 0 ? Integer.toString(status) : "none";
  }

}
