package dev.membership.sandbox.internal;

import dev.membership.sandbox.Sandbox;
import dev.membership.sandbox.SandboxOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The running {@link Sandbox}: its verticle deployments and their shared runtime. */
public final class SandboxServer implements Sandbox {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sandbox.class);

  private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final SandboxOptions options;
  private final int port;
  private final String deployment;

  private SandboxServer(Vertx vertx, SandboxOptions options, int port, String deployment) {
    this.vertx = vertx;
    this.options = options;
    this.port = port;
    this.deployment = deployment;
  }

  /**
   * Loads the seed on a worker thread, then deploys the instances, all listening on the options' port or on one
   * free port they share.
   */
  public static Future<Sandbox> start(Vertx vertx, SandboxOptions options) {
    Objects.requireNonNull(vertx, "vertx == null");
    Objects.requireNonNull(options, "options == null");
    return vertx.<SandboxRuntime>executeBlocking(() -> {
      JsonObject seed = options.seed().read();
      return new SandboxRuntime(vertx, options, seed, SeedLoader.load(seed));
    }).compose(runtime -> {
      SandboxHandler handler = new SandboxHandler(runtime);
      List<SandboxVerticle> instances = new CopyOnWriteArrayList<>();
      // Vert.x shares a random port among the servers that ask for the same negative port; each sandbox asks for
      // its own, so that two sandboxes of one Vert.x instance never share a listener.
      int port = options.port() == 0 ? -1 - (SHARED_RANDOM_PORTS.getAndIncrement() & 0x3fff) : options.port();
      return vertx.deployVerticle(() -> {
            SandboxVerticle verticle = new SandboxVerticle(handler, options.host(), port);
            instances.add(verticle);
            return verticle;
          }, new DeploymentOptions().setInstances(options.instances()))
          .compose(id -> {
            long ports = instances.stream().mapToInt(SandboxVerticle::actualPort).distinct().count();
            if (ports != 1) {
              return vertx.undeploy(id).transform(ignored -> Future.failedFuture(
                  new IllegalStateException("the server instances did not share one port")));
            }
            return Future.succeededFuture(new SandboxServer(vertx, options, instances.get(0).actualPort(), id));
          });
    }).<Sandbox>map(server -> {
      LOG.info("sandbox listening on {} ({} instances, seed: {})", server.baseUrl(), options.instances(),
          options.seed());
      return server;
    });
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String baseUrl() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + host + ":" + port;
  }

  @Override
  public SandboxOptions options() {
    return options;
  }

  @Override
  public Future<Void> close() {
    return vertx.undeploy(deployment);
  }
}
