package io.squall.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBootstrapImpl;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.transport.Transport;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * A clustered Vert.x whose requests sent through {@link Requests} learn when the node they went to leaves the
 * cluster, and are then retried elsewhere or answered 503 {@value Failures#NODE_LOST} at once, instead of waiting for
 * their timeout. {@code Node} builds its Vert.x here; so can an application or a test that builds its own.
 *
 * <p>This is {@code Vertx.builder().withClusterManager(cm).buildClustered()} plus a node selector, which the public
 * builder cannot take in Vert.x 5.0 (hence the internal bootstrap), and a look at the member list every
 * {@value #MEMBERS_POLL_MS} ms.
 */
public final class ClusteredVertx {

  /**
   * How often the node reads Hazelcast's member list for nodes that left (a local read). A SIGKILLed member is off
   * that list within about 0.4 s here (its connections close); requests to it are answered within this much more.
   */
  static final long MEMBERS_POLL_MS = 100;

  private ClusteredVertx() {
  }

  /** @param metrics the metrics factory, or null for Vert.x's default (from {@code options}) */
  public static Future<Vertx> start(VertxOptions options, VertxMetricsFactory metrics,
      HazelcastClusterManager clusterManager) {
    InFlightRequests inFlight = new InFlightRequests(clusterManager::getNodeId);
    Transport transport = options.getPreferNativeTransport() && Transport.nativeTransport() != null
        ? Transport.nativeTransport() : Transport.NIO;
    VertxBootstrap bootstrap = VertxBootstrap.create().options(options).metricsFactory(metrics)
        .transport(transport.implementation()).clusterManager(clusterManager);
    ((VertxBootstrapImpl) bootstrap).clusterNodeSelector(new TrackingNodeSelector(inFlight));
    return bootstrap.init().clusteredVertx().onSuccess(vertx -> {
      inFlight.attach(vertx);
      long poll = vertx.setPeriodic(MEMBERS_POLL_MS, t -> {
        try {
          if (clusterManager.isActive()) {
            inFlight.members(clusterManager.getNodes());
          }
        } catch (RuntimeException e) {
          // Hazelcast shutting down under us: the node is leaving, nothing to track
        }
      });
      ((VertxInternal) vertx).addCloseHook(completion -> {
        vertx.cancelTimer(poll);
        inFlight.detach(vertx);
        completion.succeed();
      });
    });
  }
}
