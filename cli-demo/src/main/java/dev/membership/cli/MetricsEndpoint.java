package dev.membership.cli;

import dev.membership.core.InvalidInputException;
import dev.membership.core.MembershipRemover;
import dev.membership.micrometer.MembershipMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * {@code bulk --metrics-port}: the run's meters ({@link MembershipMetrics}) served for Prometheus at
 * {@code http://127.0.0.1:PORT/metrics} while the run lasts. Loopback only.
 */
final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MembershipMetrics metrics = new MembershipMetrics(registry);
  private HttpServer server;

  /** The listener that feeds the meters: give it to the remover's options. */
  MembershipMetrics metrics() {
    return metrics;
  }

  /**
   * Binds the remover's lanes and starts serving on {@code port} of 127.0.0.1.
   *
   * @throws InvalidInputException naming {@code --metrics-port} if it cannot be listened on
   */
  void start(Vertx vertx, int port, MembershipRemover remover) {
    metrics.bindLanes(remover);
    try {
      server = Await.result(vertx.createHttpServer().requestHandler(request -> {
        if (request.path().equals("/metrics")) {
          request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
              .end(registry.scrape());
        } else {
          request.response().setStatusCode(404).end();
        }
      }).listen(port, "127.0.0.1"));
    } catch (RuntimeException e) {
      throw new InvalidInputException("--metrics-port", "cannot be listened on (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  @Override
  public void close() {
    if (server != null) {
      Await.result(server.close());
    }
    registry.close();
  }
}
