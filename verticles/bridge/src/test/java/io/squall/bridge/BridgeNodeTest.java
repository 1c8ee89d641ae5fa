package io.squall.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.platform.Node;
import io.squall.testing.BridgeClient;
import io.squall.testing.SquallClient;
import io.squall.testing.SquallNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bridge as a descriptor deploys it: refusals show up on the node's /metrics by reason. */
class BridgeNodeTest {

  @RegisterExtension
  final SquallNodes nodes = new SquallNodes();

  @TempDir
  Path dir;

  @Test
  void everyRefusalIsCountedOnTheNodesMetricsByReason() throws Exception {
    Path descriptor = Files.writeString(dir.resolve("app.yaml"), """
        name: bridgemetrics
        verticles:
          - name: bridge
            class: io.squall.bridge.BridgeVerticle
            config: {port: 0, host: 127.0.0.1, anonymous: false}
        """);
    Node node = nodes.start(SquallNodes.options(descriptor.toString()));
    int port = node.port("bridge");

    BridgeClient guest = BridgeClient.connect(port);
    guest.publish("anywhere", 1).awaitErr("not_logged_in");
    guest.awaitClose(Duration.ofSeconds(5));

    String metrics = SquallClient.to(node.managementPort()).get("/metrics").body();
    assertThat(metrics).contains("squall_bridge_rejects_total{reason=\"not_logged_in\"} 1.0")
        .contains("squall_bridge_sockets");
  }
}
