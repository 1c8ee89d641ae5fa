package io.squall.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.launcher.ListeningSockets.Listener;
import io.squall.testing.Ports;
import io.squall.testing.SquallProcess;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast's port and the event bus's are open to whoever reaches them (open-source Hazelcast has no member
 * authentication), so each packaged cluster config must listen on the one address it is meant for, never on every
 * interface. Each test starts a real node and reads the kernel's socket table for that process ({@code ss -tlnp}).
 * The node runs only the echo verticle, so its listening sockets are the management port, Hazelcast's and the event
 * bus's.
 */
class ClusterBindingIT {

  private static final String APP = "src/test/resources/descriptors/good/cluster-app.yaml";
  /** The address the tcp and kubernetes nodes are given: loopback, so that no test cluster is open to the network. */
  private static final String HOST = "127.0.0.1";

  @Test
  void theDefaultLocalConfigListensOnLoopbackOnly() {
    // no --cluster-host: the event bus takes the Hazelcast member's address, as in a plain `squall run --cluster`
    try (SquallProcess node = SquallProcess.run(APP, "--roles", "back", "--cluster", "--cluster-name", clusterName())
        .name("binding-local").withTestVerticles().start().awaitReady()) {
      assertClusterPortsListenOnlyOn(node, "127.0.0.1");
    }
  }

  @Test
  void theTcpConfigListensOnTheClusterHostOnly() {
    int hazelcast = Ports.free();
    int bus = Ports.free();
    try (SquallProcess node = SquallProcess.run(APP, "--roles", "back", "--cluster", "--cluster-config", "tcp",
            "--cluster-name", clusterName(), "--cluster-host", HOST, "--cluster-port", String.valueOf(bus))
        .env("SQUALL_CLUSTER_MEMBERS", HOST + ":" + hazelcast).env("SQUALL_HAZELCAST_PORT", String.valueOf(hazelcast))
        .name("binding-tcp").withTestVerticles().start().awaitReady()) {
      assertThat(assertClusterPortsListenOnlyOn(node, HOST)).containsExactlyInAnyOrder(hazelcast, bus);
    }
  }

  @Test
  void theKubernetesConfigListensOnThePodIpOnly() {
    int hazelcast = Ports.free();
    int bus = Ports.free();
    // as docker/entrypoint.sh runs a pod: POD_IP as --cluster-host, a fixed event bus port; an IP literal as the
    // Service name resolves to itself, as the headless Service's name resolves to the pods' IPs
    try (SquallProcess node = SquallProcess.run(APP, "--roles", "back", "--cluster", "--cluster-config", "kubernetes",
            "--cluster-name", clusterName(), "--cluster-host", HOST, "--cluster-port", String.valueOf(bus))
        .env("SQUALL_K8S_SERVICE_DNS", HOST).env("SQUALL_HAZELCAST_PORT", String.valueOf(hazelcast))
        // discovery otherwise waits 5 s for peers that this test does not start
        .jvmArg("-Dhazelcast.wait.seconds.before.join=0")
        .name("binding-kubernetes").withTestVerticles().start().awaitReady()) {
      assertThat(assertClusterPortsListenOnlyOn(node, HOST)).containsExactlyInAnyOrder(hazelcast, bus);
    }
  }

  @Test
  void aStandaloneNodesPrivateHazelcastMemberListensOnLoopbackOnly() {
    // the channels verticle keeps history in Hazelcast: on a standalone node, a private member that joins nobody
    try (SquallProcess node = SquallProcess.run("src/test/resources/descriptors/good/channels-cluster-app.yaml",
        "--roles", "channels").name("binding-standalone").start().awaitReady()) {
      List<Listener> store = ListeningSockets.of(node.pid()).stream().filter(l -> l.port() != node.managementPort())
          .toList();
      assertThat(store).as("the private member's listening socket").hasSize(1)
          .allSatisfy(l -> assertThat(l.address().getHostAddress()).isEqualTo("127.0.0.1"));
    }
  }

  /** Asserts that the node's Hazelcast and event bus sockets listen on {@code host} alone; returns their ports. */
  private static List<Integer> assertClusterPortsListenOnlyOn(SquallProcess node, String host) {
    List<Listener> listening = ListeningSockets.of(node.pid());
    List<Listener> cluster = listening.stream().filter(l -> l.port() != node.managementPort()).toList();
    assertThat(cluster).as("Hazelcast's and the event bus's listening sockets among %s", listening).hasSize(2);
    assertThat(cluster).as("cluster ports on every interface (0.0.0.0 or ::)").noneMatch(Listener::wildcard);
    assertThat(cluster).as("cluster ports").allSatisfy(l -> assertThat(l.address().getHostAddress()).isEqualTo(host));
    return cluster.stream().map(Listener::port).toList();
  }

  private static String clusterName() {
    return "squall-binding-" + UUID.randomUUID();
  }
}
