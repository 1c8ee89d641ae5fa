package io.squall.platform;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hazelcast instance that holds a node's shared state (users, revocations, channel history, presence).
 *
 * <p>A clustered node uses the member Vert.x clusters with, so every node sees the same maps. A standalone node
 * gets a private member on loopback that never joins anyone, created on first use and shut down with Vert.x: the
 * verticles run the same code either way, and a standalone node that never asks pays nothing.
 */
public final class ClusterStore {

  private static final Map<Vertx, Future<HazelcastInstance>> PRIVATE = new ConcurrentHashMap<>();

  private ClusterStore() {
  }

  /** The instance for {@code vertx}; creating a private one blocks, so this runs it on a worker thread. */
  public static Future<HazelcastInstance> instance(Vertx vertx) {
    if (((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager cm) {
      return Future.succeededFuture(cm.getHazelcastInstance());
    }
    return PRIVATE.computeIfAbsent(vertx, v -> {
      Future<HazelcastInstance> created = v.executeBlocking(() -> Hazelcast.newHazelcastInstance(privateConfig()), false);
      created.onSuccess(hz -> ((VertxInternal) v).addCloseHook(completion -> {
        PRIVATE.remove(v);
        // its own thread: terminating blocks, and Vert.x's pools are closing too
        new Thread(() -> {
          hz.getLifecycleService().terminate();
          completion.succeed();
        }, "squall-store-close").start();
      }));
      created.onFailure(e -> PRIVATE.remove(v));
      return created;
    });
  }

  /**
   * The instance for {@code vertx} if there is one yet, without creating it: the cluster's on a clustered node, the
   * private one once a verticle asked for it, else null. For health checks, which must not start a member.
   */
  public static HazelcastInstance created(Vertx vertx) {
    if (((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager cm) {
      return cm.getHazelcastInstance();
    }
    Future<HazelcastInstance> created = PRIVATE.get(vertx);
    return created != null && created.succeeded() ? created.result() : null;
  }

  private static Config privateConfig() {
    Config config = new Config();
    config.setClusterName("squall-private-" + UUID.randomUUID());
    config.setInstanceName(config.getClusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Start alone at once: no discovery wait (a member otherwise looks for peers for a few seconds).
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // loopback only: a standalone node's state is nobody else's business
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.getNetworkConfig().setPort(5801).setPortAutoIncrement(true).setPortCount(200);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    return config;
  }
}
