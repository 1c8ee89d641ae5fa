package io.squall.testing;

import io.squall.platform.ClusterConfigs;
import io.squall.platform.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * N clustered Vert.x instances in this JVM, joined over loopback with a cluster name of their own, so that
 * concurrent test runs (or a developer's running cluster) never merge with them.
 *
 * <pre>
 * try (InJvmCluster cluster = InJvmCluster.start(2)) {
 *   cluster.vertx(1).eventBus().consumer("echo", m -&gt; m.reply(m.body()));
 *   cluster.vertx(0).eventBus().request("echo", "hi") ...
 * }
 * </pre>
 */
public final class InJvmCluster implements AutoCloseable {

  private final String name;
  private final List<Vertx> members;

  private InJvmCluster(String name, List<Vertx> members) {
    this.name = name;
    this.members = members;
  }

  /** Starts {@code size} members one after the other (Hazelcast joins faster that way). */
  public static InJvmCluster start(int size) {
    String name = "squall-test-" + UUID.randomUUID();
    List<Vertx> members = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        HazelcastClusterManager manager =
            new HazelcastClusterManager(ClusterConfigs.load("local", name, null, Map.of()));
        // as a node builds it: requests through Requests learn when the member they went to leaves
        members.add(SquallNodes.await(ClusteredVertx.start(new VertxOptions(), null, manager)));
      }
    } catch (RuntimeException e) {
      new InJvmCluster(name, members).close();
      throw e;
    }
    return new InJvmCluster(name, members);
  }

  public String name() {
    return name;
  }

  public Vertx vertx(int index) {
    return members.get(index);
  }

  public int size() {
    return members.size();
  }

  /**
   * Member {@code index} dies as a SIGKILLed process does to the others: its Hazelcast member stops at once, without
   * leaving (its connections close). Its Vert.x stays, with its consumers and whatever they hold, and is closed with
   * the cluster.
   */
  public void kill(int index) {
    ((HazelcastClusterManager) ((VertxInternal) members.get(index)).clusterManager()).getHazelcastInstance()
        .getLifecycleService().terminate();
  }

  @Override
  public void close() {
    for (int i = members.size() - 1; i >= 0; i--) {
      try {
        SquallNodes.await(members.get(i).close());
      } catch (RuntimeException e) {
        // close the rest regardless
      }
    }
    members.clear();
  }
}
