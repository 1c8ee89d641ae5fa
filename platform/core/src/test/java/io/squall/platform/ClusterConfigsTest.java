package io.squall.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigsTest {

  @Test
  void localConfigJoinsOverLoopbackWithTheGivenName() {
    Config config = ClusterConfigs.load("local", "squall-x", null, Map.of());

    assertThat(config.getClusterName()).isEqualTo("squall-x");
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .hasSize(10).first().isEqualTo("127.0.0.1:5701");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("5");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void localConfigListensOnLoopbackOnlyWhateverTheClusterHost() {
    Config config = ClusterConfigs.load("local", "c", "10.0.0.1", Map.of());
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
  }

  @Test
  void tcpConfigTakesItsMembersFromTheEnvironment() {
    Config config = ClusterConfigs.load("tcp", "c", null,
        Map.of("SQUALL_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701", "SQUALL_CLUSTER_HOST", "10.0.0.1"));
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("10");
  }

  @Test
  void tcpConfigListensOnTheClusterHostOnlyAndTheOptionWinsOverTheVariable() {
    Config config = ClusterConfigs.load("tcp", "c", "node1",
        Map.of("SQUALL_CLUSTER_MEMBERS", "node1:5701,node2:5701", "SQUALL_CLUSTER_HOST", "node2"));
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("node1");
  }

  @Test
  void kubernetesConfigUsesTheHeadlessServiceFromTheEnvironmentAndListensOnThePodIp() {
    Config config = ClusterConfigs.load("kubernetes", "c", "10.1.2.3",
        Map.of("SQUALL_K8S_SERVICE_DNS", "squall-hz.default.svc.cluster.local"));
    var k8s = config.getNetworkConfig().getJoin().getKubernetesConfig();
    assertThat(k8s.isEnabled()).isTrue();
    assertThat(k8s.getProperty("service-dns")).isEqualTo("squall-hz.default.svc.cluster.local");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("10.1.2.3");
  }

  @Test
  void namesTheMissingVariableWithFileAndLine() {
    assertThatThrownBy(() -> ClusterConfigs.load("kubernetes", "c", "10.1.2.3", Map.of()))
        .hasMessageMatching("kubernetes:\\d+: environment variable SQUALL_K8S_SERVICE_DNS is not set.*");
  }

  @Test
  void tcpAndKubernetesConfigsWithoutAClusterHostSayWhichOptionToGive() {
    for (String packaged : new String[] {"tcp", "kubernetes"}) {
      assertThatThrownBy(() -> ClusterConfigs.load(packaged, "c", null,
          Map.of("SQUALL_CLUSTER_MEMBERS", "a:5701", "SQUALL_K8S_SERVICE_DNS", "hz")))
          .hasMessageMatching(packaged + ":\\d+: environment variable SQUALL_CLUSTER_HOST is not set"
              + " \\(the cluster config needs it; or give --cluster-host\\)");
    }
  }

  @Test
  void aWildcardClusterHostIsRefusedWhicheverConfig() {
    for (String wildcard : new String[] {"0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"}) {
      assertThatThrownBy(() -> ClusterConfigs.load("local", "c", wildcard, Map.of()))
          .hasMessage("cluster host " + wildcard + " (--cluster-host, SQUALL_CLUSTER_HOST) is every interface: give the"
              + " one address the other nodes reach this node on");
    }
    assertThatThrownBy(() -> ClusterConfigs.load("tcp", "c", null,
        Map.of("SQUALL_CLUSTER_MEMBERS", "a:5701", "SQUALL_CLUSTER_HOST", "0.0.0.0")))
        .hasMessageContaining("is every interface");
    assertThat(ClusterConfigs.isWildcard("10.0.0.1")).isFalse();
    assertThat(ClusterConfigs.isWildcard("::1")).isFalse();
    assertThat(ClusterConfigs.isWildcard("node0")).isFalse();
  }

  @Test
  void addsTheVertxMapsAUserConfigForgets(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.xml");
    Files.writeString(file, "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\"><cluster-name>x</cluster-name>"
        + "</hazelcast>");
    Config config = ClusterConfigs.load(file.toString(), "mine", null, Map.of());
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }

  @Test
  void saysClearlyWhenTheFileIsMissing() {
    assertThatThrownBy(() -> ClusterConfigs.load("nope.xml", "c", null, Map.of()))
        .hasMessage("cluster config file not found: nope.xml (use a file path, classpath:NAME, or one of kubernetes,"
            + " local, tcp)");
  }
}
