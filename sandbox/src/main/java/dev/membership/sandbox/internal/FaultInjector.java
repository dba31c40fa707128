package dev.membership.sandbox.internal;

import dev.membership.sandbox.FaultSettings;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides each provider request's fate from the current {@link FaultSettings}. The n-th request since the settings
 * were last set draws the n-th number of a SplitMix64 sequence started at the seed, so the same settings and the
 * same request order always give the same faults, from any number of event loops and without a lock.
 */
final class FaultInjector {

  /** What happens to one request. */
  enum Fault { NONE, ERROR_500, ERROR_502, ERROR_503, TOO_MANY_REQUESTS, RESET }

  /** One request's fate and the delay before it. */
  record Decision(Fault fault, long delayMs) {}

  private static final Decision PASS = new Decision(Fault.NONE, 0);
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private record Plan(FaultSettings settings, AtomicLong drawn) {}

  private volatile Plan plan;

  FaultInjector(FaultSettings settings) {
    set(settings);
  }

  /** Replaces the settings and restarts the sequence at their seed. */
  void set(FaultSettings settings) {
    plan = new Plan(settings, new AtomicLong());
  }

  FaultSettings settings() {
    return plan.settings();
  }

  Decision next() {
    Plan current = plan;
    FaultSettings settings = current.settings();
    if (!settings.active()) {
      return PASS;
    }
    long base = settings.seed() + current.drawn().getAndIncrement() * GOLDEN_GAMMA;
    double u = unit(mix(base));
    Fault fault;
    double edge = settings.rate500();
    if (u < edge) {
      fault = Fault.ERROR_500;
    } else if (u < (edge += settings.rate502())) {
      fault = Fault.ERROR_502;
    } else if (u < (edge += settings.rate503())) {
      fault = Fault.ERROR_503;
    } else if (u < (edge += settings.rate429())) {
      fault = Fault.TOO_MANY_REQUESTS;
    } else if (u < edge + settings.resetRate()) {
      fault = Fault.RESET;
    } else {
      fault = Fault.NONE;
    }
    long delay = settings.latencyMs();
    if (settings.latencyJitterMs() > 0) {
      delay += (long) (unit(mix(base ^ 0x632be59bd9b4e019L)) * (settings.latencyJitterMs() + 1));
    }
    return fault == Fault.NONE && delay == 0 ? PASS : new Decision(fault, delay);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }
}
